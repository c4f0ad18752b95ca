import requests

from odoo import _, api, models
from odoo.exceptions import AccessError

from .sidecar_client import _short_reason

# A status page must not hang on a sidecar that does not answer: it says so quickly.
STATUS_TIMEOUT_SECONDS = 3


class SidecarStatus(models.AbstractModel):
    """What the sidecar reports about itself (its Odoo backlog, its queue), for pages that poll.

    Never raises for a sidecar that is down or answers oddly: every method answers
    {ok, state, data, message}, so a page can show a clear message and keep polling.
    """

    _name = "ai_automator.sidecar_status"
    _description = "AI Automator Sidecar Status"

    @api.model
    def _fetch(self, path):
        """GET `path` on the sidecar with the shared key -> {ok, state, status, data, message}."""
        url, key = self.env["ai_automator.sidecar"]._get_config()
        if not key:
            return {"ok": False, "state": "unconfigured", "status": 0, "data": False,
                    "message": _("Set the sidecar URL and API key in AI Automator > Configuration > Settings.")}
        headers = {"Authorization": f"Bearer {key}", "Accept": "application/json"}
        try:
            response = requests.get(url + path, headers=headers, timeout=STATUS_TIMEOUT_SECONDS)
        except requests.exceptions.Timeout:
            return {"ok": False, "state": "down", "status": 0, "data": False,
                    "message": _("The sidecar at %(url)s did not answer within %(seconds)s s.",
                                 url=url, seconds=STATUS_TIMEOUT_SECONDS)}
        except requests.exceptions.RequestException as error:
            return {"ok": False, "state": "down", "status": 0, "data": False,
                    "message": _("The sidecar at %(url)s is unreachable: %(error)s", url=url, error=_short_reason(error))}
        try:
            body = response.json()
        except ValueError:
            body = None
        if response.ok and isinstance(body, dict) and body.get("success") is True and isinstance(body.get("data"), dict):
            return {"ok": True, "state": "ok", "status": response.status_code, "data": body["data"], "message": False}
        error = body.get("error") if isinstance(body, dict) else None
        detail = error.get("message") if isinstance(error, dict) else None
        state = "missing" if response.status_code == 404 else "error"
        return {"ok": False, "state": state, "status": response.status_code, "data": False,
                "message": detail or _("HTTP %(status)s from %(url)s%(path)s", status=response.status_code, url=url, path=path)}

    @api.model
    def backlog(self):
        """The sidecar's Odoo delivery backlog (GET /outbox), for the settings page. Administrators only."""
        if not self.env.is_admin():
            raise AccessError(_("Only administrators may see the sidecar's backlog."))
        answer = self._fetch("/outbox")
        if answer["state"] == "missing":
            answer["message"] = _("The sidecar has no Odoo backlog: it does not write executions to Odoo "
                                  "(embedded mode) or is older than this addon. %s", answer["message"])
        return answer

    @api.model
    def queue(self):
        """The sidecar's queue (GET /queue) for the Queue page: counts and workers, or why there are none."""
        if not self.env.user.has_group("the_ai_automator.group_ai_automator_user"):
            raise AccessError(_("Only AI Automator users may see the queue."))
        answer = self._fetch("/queue")
        data = answer["data"]
        if answer["state"] == "missing" or (answer["ok"] and not isinstance(data.get("counts"), dict)):
            return {"ok": False, "state": "regular", "status": answer["status"], "data": False,
                    "message": _("The sidecar runs in regular mode (EXECUTIONS_MODE=regular): executions run "
                                 "in its own process and there is no queue to show. Start it with "
                                 "EXECUTIONS_MODE=queue and QUEUE_URL to use workers.")}
        return answer
