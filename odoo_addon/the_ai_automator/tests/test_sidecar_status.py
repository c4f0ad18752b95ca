from unittest.mock import patch

import requests

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import SIDECAR_KEY, SIDECAR_URL, AutomatorCase, sidecar_response

AUTH = {"Authorization": f"Bearer {SIDECAR_KEY}", "Accept": "application/json"}
QUEUE = {
    "backend": "redis",
    "counts": {"waiting": 4, "active": 2, "delayed": 1, "failed": 0},
    "workers": [{"id": "w1", "host": "box", "pid": 42, "concurrency": 10, "running": 2, "lastSeenAt": "2026-01-01T10:00:00.000Z"}],
}
BACKLOG = {"pending": 12, "maxPending": 10000, "oldestPendingSeconds": 3.5, "fileBytes": 4096,
           "deadLetters": 1, "odooReachable": True, "accepting": True}


@tagged("post_install", "-at_install")
class TestSidecarStatus(AutomatorCase):
    def _user(self, login, groups):
        return self.env["res.users"].create({
            "name": login, "login": login, "groups_id": [(6, 0, [self.env.ref(group).id for group in groups])],
        })

    def test_queue_answers_the_sidecar_numbers_with_the_key(self):
        with patch("requests.get", return_value=sidecar_response(200, {"success": True, "data": QUEUE})) as get:
            answer = self.env["ai_automator.sidecar_status"].queue()
        get.assert_called_once_with(f"{SIDECAR_URL}/queue", headers=AUTH, timeout=3)
        self.assertEqual(answer, {"ok": True, "state": "ok", "status": 200, "data": QUEUE, "message": False})

    def test_queue_in_regular_mode_says_so(self):
        missing = {"success": False, "error": {"code": "not_found", "message": "No route GET /queue"}}
        with patch("requests.get", return_value=sidecar_response(404, missing)):
            answer = self.env["ai_automator.sidecar_status"].queue()
        self.assertEqual((answer["ok"], answer["state"], answer["status"]), (False, "regular", 404))
        self.assertIn("regular mode (EXECUTIONS_MODE=regular)", answer["message"])

    def test_queue_with_the_sidecar_down_says_where_it_looked(self):
        error = requests.exceptions.ConnectionError("Connection refused")
        with patch("requests.get", side_effect=error):
            answer = self.env["ai_automator.sidecar_status"].queue()
        self.assertEqual(answer, {"ok": False, "state": "down", "status": 0, "data": False,
                                  "message": f"The sidecar at {SIDECAR_URL} is unreachable: Connection refused"})

    def test_queue_with_a_wrong_key_shows_the_sidecar_message(self):
        refused = {"success": False, "error": {"code": "unauthorized", "message": "Missing or invalid API key"}}
        with patch("requests.get", return_value=sidecar_response(401, refused)):
            answer = self.env["ai_automator.sidecar_status"].queue()
        self.assertEqual((answer["state"], answer["message"]), ("error", "Missing or invalid API key"))

    def test_queue_needs_an_automator_user(self):
        outsider = self._user("queue-outsider", ["base.group_user"])
        with self.assertRaises(AccessError):
            self.env["ai_automator.sidecar_status"].with_user(outsider).queue()
        reader = self._user("queue-reader", ["base.group_user", "the_ai_automator.group_ai_automator_user"])
        with patch("requests.get", return_value=sidecar_response(200, {"success": True, "data": QUEUE})):
            self.assertTrue(self.env["ai_automator.sidecar_status"].with_user(reader).queue()["ok"])

    def test_settings_show_the_backlog(self):
        with patch("requests.get", return_value=sidecar_response(200, {"success": True, "data": BACKLOG})) as get:
            settings = self.env["res.config.settings"].create({})
            values = (settings.ai_automator_backlog_pending, settings.ai_automator_backlog_max,
                      settings.ai_automator_backlog_oldest, settings.ai_automator_backlog_dead_letters,
                      settings.ai_automator_backlog_state)
        get.assert_called_with(f"{SIDECAR_URL}/outbox", headers=AUTH, timeout=3)
        self.assertEqual(values, (12, 10000, 3.5, 1, "Delivering to Odoo."))

    def test_settings_say_when_the_backlog_is_full_or_missing(self):
        full = dict(BACKLOG, pending=10000, accepting=False)
        with patch("requests.get", return_value=sidecar_response(200, {"success": True, "data": full})):
            state = self.env["res.config.settings"].create({}).ai_automator_backlog_state
        self.assertEqual(state, "Full: new production runs are refused (503) until Odoo catches up.")
        embedded = {"success": False, "error": {"code": "not_found", "message": "No outbox: embedded mode"}}
        with patch("requests.get", return_value=sidecar_response(404, embedded)):
            state = self.env["res.config.settings"].create({}).ai_automator_backlog_state
        self.assertIn("has no Odoo backlog", state)
        self.assertIn("No outbox: embedded mode", state)

    def test_backlog_is_for_administrators(self):
        reader = self._user("backlog-reader", ["base.group_user", "the_ai_automator.group_ai_automator_user"])
        with self.assertRaises(AccessError):
            self.env["ai_automator.sidecar_status"].with_user(reader).backlog()
