from django.apps import AppConfig


class CasetypeAppConfig(AppConfig):
    """A case type that exists only in the tests, declared without any change to apps/casework."""

    name = "tests.casetype_app"
    label = "casetype_app"

    def ready(self):
        from apps.casework.recipients import register_recipients

        from .models import hosts

        register_recipients("hosts", hosts)
