"""Typed models, the database session and the domain services shared by every tier."""

from models.entities import *  # noqa: F401,F403
from models.base import Base  # noqa: F401
