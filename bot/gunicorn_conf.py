"""gunicorn settings for the web process (Procfile: ``--config python:bot.gunicorn_conf``).

gunicorn's own lines (start, workers, errors) are JSON objects like the app's (bot/logs.py).
Access lines stay off: a download URL carries its token, and the app logs downloads itself.
The worker reads each request whole before it takes a thread (bot/web_worker.py; the Procfile
names it too): slow clients cannot hold the web threads.
"""

worker_class = "bot.web_worker.BufferingWorker"

logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "bot.logs.JsonFormatter"}},
    "handlers": {
        "stderr": {"class": "logging.StreamHandler", "formatter": "json", "stream": "ext://sys.stderr"}
    },
    "root": {"level": "INFO", "handlers": ["stderr"]},
    "loggers": {
        "gunicorn.error": {"level": "INFO", "handlers": [], "propagate": True},
        "gunicorn.access": {"level": "WARNING", "handlers": [], "propagate": False},
    },
}
