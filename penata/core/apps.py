from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "penata.core"
    label = "core"
    verbose_name = _("Inti")

    def ready(self) -> None:
        from django.tasks.signals import task_finished, task_started

        from penata.core import recovery

        task_started.connect(recovery.on_task_started, dispatch_uid="penata_task_lease_take")
        task_finished.connect(recovery.on_task_finished, dispatch_uid="penata_task_lease_free")
