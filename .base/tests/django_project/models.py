"""Models used by the auth tests."""

from django.conf import settings
from django.db import models


class Room(models.Model):
    name: "models.CharField[str, str]" = models.CharField(max_length=100)
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="rooms", blank=True)
