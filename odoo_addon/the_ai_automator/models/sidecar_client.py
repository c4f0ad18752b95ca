import logging

import requests

from odoo import _, api, models
from odoo.exceptions import AccessError, UserError

_logger = logging.getLogger(__name__)

DEFAULT_SIDECAR_URL = "http://127.0.0.1:5680"
SIDECAR_TIMEOUT_SECONDS = 10


def _short_reason(error):
    """requests wraps the socket error twice; users need only its last words."""
    reason = error.args[0] if error.args else error
    reason = getattr(reason, "reason", reason)  # urllib3's MaxRetryError holds the real cause
    text = str(reason)
    # urllib3 prefixes the connection object's repr: "<HTTPConnection object at 0x..>: Failed..."
    return text.split(": ", 1)[-1] if text.startswith("<") else text


class SidecarClient(models.AbstractModel):
    """HTTP calls from Odoo to the sidecar. Holds no logic of its own: it asks and reports."""

    _name = "ai_automator.sidecar"
    _description = "AI Automator Sidecar Client"

    @api.model
    def _get_config(self):
        params = self.env["ir.config_parameter"].sudo()
        url = (params.get_param("ai_automator.sidecar_url") or DEFAULT_SIDECAR_URL).rstrip("/")
        return url, params.get_param("ai_automator.sidecar_api_key") or ""

    @api.model
    def _send(self, what, send, extra_headers=None):
        """Run `send(url, headers)` against the sidecar and return (url, response).

        One place turns a missing key, a timeout or an unreachable sidecar into a UserError
        that says what was being done, whatever the call (JSON request or file download)."""
        url, key = self._get_config()
        if not key:
            raise UserError(
                _("Cannot contact the sidecar for %s: set the sidecar API key in AI Automator > Configuration > Settings.", what)
            )
        headers = {"Authorization": f"Bearer {key}"}
        headers.update(extra_headers or {})
        try:
            return url, send(url, headers)
        except requests.exceptions.Timeout:
            raise UserError(
                _("The sidecar at %(url)s did not answer within %(seconds)s s while %(what)s.",
                  url=url, seconds=SIDECAR_TIMEOUT_SECONDS, what=what)
            ) from None
        except requests.exceptions.RequestException as error:
            raise UserError(
                _("The sidecar at %(url)s is unreachable while %(what)s: %(error)s",
                  url=url, what=what, error=_short_reason(error))
            ) from None

    @api.model
    def _request(self, method, path, payload=None, extra_headers=None, what=None):
        """Call the sidecar and return its JSON answer; raise a UserError that says what failed."""
        what = what or path

        def send(url, headers):
            if method == "GET":
                return requests.get(url + path, headers=headers, timeout=SIDECAR_TIMEOUT_SECONDS)
            if method == "DELETE":
                return requests.delete(url + path, headers=headers, timeout=SIDECAR_TIMEOUT_SECONDS)
            if method == "POST":
                return requests.post(
                    url + path, json=payload if payload is not None else {}, headers=headers,
                    timeout=SIDECAR_TIMEOUT_SECONDS,
                )
            # PATCH (credentials)
            return requests.request(method, url + path, json=payload, headers=headers, timeout=SIDECAR_TIMEOUT_SECONDS)

        url, response = self._send(what, send, {"Accept": "application/json", **(extra_headers or {})})
        return self._parse_answer(response, url, what)

    @api.model
    def _download(self, path, params, what):
        """GET a file from the sidecar, streamed (the body is read by the caller, chunk by chunk).

        Returns the open requests.Response; a UserError says what failed, with the sidecar's
        own message when it refused (404: no such run, property or file)."""
        url, response = self._send(
            what,
            lambda url, headers: requests.get(url + path, params=params, headers=headers, stream=True,
                                              timeout=SIDECAR_TIMEOUT_SECONDS),
        )
        if not response.ok:
            try:
                self._parse_answer(response, url, what)
            finally:
                response.close()
        return response

    @api.model
    def _parse_answer(self, response, url, what):
        try:
            body = response.json()
        except ValueError:
            body = None
        if response.ok and isinstance(body, dict) and body.get("success", True) is not False:
            return body
        error = body.get("error") if isinstance(body, dict) else None
        if isinstance(error, dict) and error.get("message"):
            detail = error["message"]
        else:
            detail = (response.text or "").strip()[:300] or response.reason or _("no details")
        raise UserError(
            _("The sidecar refused %(what)s (HTTP %(status)s): %(detail)s",
              what=what, status=response.status_code, detail=detail)
        )

    @api.model
    def _cron_schedules_tick(self):
        """Scheduled action: lets the sidecar fire due schedules. Never raises, so Odoo keeps the cron."""
        try:
            self._request("POST", "/schedules/tick", payload={}, what=_("sending the schedules tick"))
        except Exception as error:  # noqa: BLE001 - a raising cron gets disabled by Odoo
            _logger.warning("AI Automator schedules tick failed: %s", error)
            return False
        return True

    @api.model
    def check_sidecar_url(self, url=None):
        """For `odoo setup`: can Odoo reach the sidecar's /healthz at `url` (default: the setting)?

        Answers {ok, status, body, error} instead of raising, so the caller can say what failed
        before it writes any setting. Administrators only: it sends a request to a URL they give.
        """
        if not self.env.is_admin():
            raise AccessError(_("Only administrators may check the sidecar URL."))
        url = (url or self._get_config()[0]).rstrip("/")
        try:
            response = requests.get(url + "/healthz", headers={"Accept": "application/json"},
                                    timeout=SIDECAR_TIMEOUT_SECONDS)
        except requests.exceptions.Timeout:
            return {"ok": False, "status": 0, "body": False,
                    "error": _("no answer within %s s", SIDECAR_TIMEOUT_SECONDS)}
        except requests.exceptions.RequestException as error:
            return {"ok": False, "status": 0, "body": False, "error": _short_reason(error)}
        try:
            body = response.json()
        except ValueError:
            body = None
        healthy = response.ok and isinstance(body, dict) and body.get("success") is True
        return {
            "ok": healthy,
            "status": response.status_code,
            "body": body if isinstance(body, dict) else False,
            "error": False if healthy else _("HTTP %(status)s: not the sidecar's health answer",
                                             status=response.status_code),
        }
