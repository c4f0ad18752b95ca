from unittest.mock import patch

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import SIDECAR_KEY, SIDECAR_URL, AutomatorCase, sidecar_response

AUTH = {"Authorization": f"Bearer {SIDECAR_KEY}", "Accept": "application/json"}
LISTENING = {
    "success": True,
    "data": {
        "canvasId": "1", "workflowId": "test_wf_1", "listenId": "abc",
        "requestId": "test-webhook:abc", "expiresAt": "2026-12-07T12:02:00.000Z",
        "webhooks": [{"node": "Webhook", "kind": "webhook", "methods": ["POST"], "path": "hook",
                      "url": "http://sidecar.test:5680/webhook-test/hook"}],
    },
}


@tagged("post_install", "-at_install")
class TestListenForTestCall(AutomatorCase):
    def test_button_shows_only_with_an_enabled_webhook_or_form_trigger(self):
        self.assertFalse(self.canvas.has_test_trigger)
        webhook = self.env["nodes"].create({
            "name": "Webhook", "type": "n8n-nodes-base.webhook", "node_id": "node_3", "canvas_id": self.canvas.id,
        })
        self.assertTrue(self.canvas.has_test_trigger)
        webhook.disabled = True
        self.assertFalse(self.canvas.has_test_trigger)
        webhook.write({"disabled": False, "type": "formTrigger"})
        self.assertTrue(self.canvas.has_test_trigger)

    def test_listen_asks_the_sidecar_and_opens_the_listener_dialog(self):
        with patch("requests.post", return_value=sidecar_response(200, LISTENING)) as post:
            action = self.canvas.action_listen_test_webhook()
        self.assertEqual(post.call_args.args, (f"{SIDECAR_URL}/canvas/{self.canvas.id}/listen-test-webhook",))
        self.assertEqual(post.call_args.kwargs["json"], {})
        self.assertEqual(post.call_args.kwargs["headers"], AUTH)
        self.assertEqual(action["tag"], "the_ai_automator.test_webhook_listener")
        self.assertEqual(action["target"], "new")
        self.assertEqual(action["params"], {
            "canvas_id": self.canvas.id,
            "canvas_name": "Test Workflow",
            "request_id": "test-webhook:abc",
            "expires_at": "2026-12-07T12:02:00.000Z",
            "webhooks": LISTENING["data"]["webhooks"],
        })

    def test_a_refusal_says_why(self):
        refused = sidecar_response(400, {"success": False, "error": {
            "code": "bad_request",
            "message": 'Workflow "Test Workflow" (1) has no enabled Webhook or Form Trigger node to listen for a test call',
        }})
        with patch("requests.post", return_value=refused), self.assertRaises(UserError) as caught:
            self.canvas.action_listen_test_webhook()
        self.assertIn("has no enabled Webhook or Form Trigger node", str(caught.exception))
        self.assertIn("HTTP 400", str(caught.exception))

    def test_stop_sends_delete(self):
        answer = sidecar_response(200, {"success": True, "data": {"canvasId": "1", "wasListening": True}})
        with patch("requests.delete", return_value=answer) as delete:
            self.assertTrue(self.canvas.action_stop_test_webhook())
        self.assertEqual(delete.call_args.args, (f"{SIDECAR_URL}/canvas/{self.canvas.id}/listen-test-webhook",))
        self.assertEqual(delete.call_args.kwargs["headers"], AUTH)

    def test_find_test_execution_by_request_id(self):
        self.assertFalse(self.env["canvas"].find_test_execution("test-webhook:abc"))
        execution = self._execution(request_id="test-webhook:abc", status="success")
        self.assertEqual(self.env["canvas"].find_test_execution("test-webhook:abc"), execution.id)
        self.assertFalse(self.env["canvas"].find_test_execution(False))
