"""Typed models, the database session and the domain services shared by every tier."""

from models.base import Base  # noqa: F401
from models.entities import *  # noqa: F401,F403
