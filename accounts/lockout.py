"""Sign-in lockout (docs/adr/0003-login-lockout.md).

django-axes counts failures per (user name, client address), `AXES_LOCKOUT_PARAMETERS`, and
locks that pair at `AXES_FAILURE_LIMIT`: wrong passwords sent from one address never lock the
account at another. This handler adds `AXES_ADDRESS_FAILURE_LIMIT`, failures from one address
across all user names (password spraying). axes itself cannot: it holds every parameter group to
the same limit, and a successful sign-in would reset an "ip_address" group, so one account of
the sprayer's own would clear its count. Here a success clears only its own pair's failures.
"""

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from axes.signals import user_locked_out
from django.conf import settings
from django.db.models import Sum


class LockoutHandler(AxesDatabaseHandler):
    def address_locked(self, request) -> bool:
        """The client address has failed `AXES_ADDRESS_FAILURE_LIMIT` times within the cool-off
        time, whatever the user names."""
        recent = AccessAttempt.objects.filter(
            ip_address=request.axes_ip_address,
            attempt_time__gte=get_cool_off_threshold(request),
        )
        failures = recent.aggregate(n=Sum("failures_since_start"))["n"] or 0
        return failures >= settings.AXES_ADDRESS_FAILURE_LIMIT

    def is_locked(self, request, credentials: dict | None = None) -> bool:
        return super().is_locked(request, credentials) or self.address_locked(request)

    def user_login_failed(self, sender, credentials: dict, request=None, **kwargs):
        super().user_login_failed(sender, credentials, request, **kwargs)
        if request is None or request.axes_locked_out or self.is_whitelisted(request, credentials):
            return
        # Like the failure that reaches the pair's limit, the one reaching the address's is
        # answered with the lockout (429).
        if self.address_locked(request):
            request.axes_locked_out = True
            request.axes_credentials = credentials
            user_locked_out.send(
                "axes",
                request=request,
                username=get_client_username(request, credentials),
                ip_address=request.axes_ip_address,
            )
