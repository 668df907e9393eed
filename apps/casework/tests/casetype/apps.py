from django.apps import AppConfig


class CasetypeConfig(AppConfig):
    name = "apps.casework.tests.casetype"
    label = "casetype"
