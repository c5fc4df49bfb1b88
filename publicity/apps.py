from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicityConfig(AppConfig):
    name = "publicity"
    verbose_name = _("拟批准产品公示")

    def ready(self):
        # No certificate while the product's public notice runs or an objection is open
        # (issue 20 point 3): a guard on the eco-origin programme's `certify`.
        from applications.programme import register_guard

        from . import todo  # noqa: F401  (the objections waiting on the bureau and HQ)
        from .selectors import certification_refusal

        register_guard("certify", certification_refusal)
