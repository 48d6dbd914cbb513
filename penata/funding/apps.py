from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FundingConfig(AppConfig):
    name = "penata.funding"
    label = "funding"
    verbose_name = _("Pendanaan pengembangan kompetensi")

    def ready(self) -> None:
        # The budget ceiling check joins the learning approval path (one small hook).
        from penata.funding.budget import check_new_seats
        from penata.learning import hooks

        hooks.register_seat_check(check_new_seats)
