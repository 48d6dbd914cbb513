from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PolicyConfig(AppConfig):
    name = "penata.policy"
    label = "policy"
    verbose_name = _("Tim kebijakan dan konsultasi publik")
