from django.apps import AppConfig


class PlanningConfig(AppConfig):
    name = "penata.planning"
    label = "planning"
    verbose_name = "Perencanaan kebutuhan (ABK)"
