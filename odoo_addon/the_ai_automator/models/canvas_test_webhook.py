from odoo import _, api, fields, models

# Node types that answer n8n's test URLs (/webhook-test/, /form-test/), full names and short aliases.
TEST_LISTENING_TYPES = {
    "n8n-nodes-base.webhook", "webhook",
    "n8n-nodes-base.formTrigger", "formTrigger",
}

LISTENER_TAG = "the_ai_automator.test_webhook_listener"


class CanvasTestWebhook(models.Model):
    """n8n's "Listen for test event": the sidecar serves the canvas' test URLs for one call."""

    _inherit = "canvas"

    has_test_trigger = fields.Boolean(
        compute="_compute_has_test_trigger",
        help="Whether an enabled Webhook or Form Trigger node can answer a test call.",
    )

    @api.depends("node_ids.type", "node_ids.disabled")
    def _compute_has_test_trigger(self):
        for canvas in self:
            canvas.has_test_trigger = any(
                node.type in TEST_LISTENING_TYPES and not node.disabled for node in canvas.node_ids
            )

    def action_listen_test_webhook(self):
        """Asks the sidecar to listen, then opens the dialog that shows the URL and waits for the run.

        Writes nothing: the sidecar stores the run (request_id = the answer's requestId) and the
        bus notification of that write is what the dialog waits for.
        """
        self.ensure_one()
        answer = self.env["ai_automator.sidecar"]._request(
            "POST", f"/canvas/{self.id}/listen-test-webhook", payload={},
            what=_("listening for a test call of workflow '%s'", self.name),
        )
        data = answer.get("data") or {}
        return {
            "type": "ir.actions.client",
            "tag": LISTENER_TAG,
            "name": _("Listening for a test call"),
            "target": "new",
            "params": {
                "canvas_id": self.id,
                "canvas_name": self.name,
                "request_id": data.get("requestId"),
                "expires_at": data.get("expiresAt"),
                "webhooks": data.get("webhooks") or [],
            },
        }

    def action_stop_test_webhook(self):
        """Called when the dialog closes before a call came: the test URLs stop answering."""
        self.ensure_one()
        answer = self.env["ai_automator.sidecar"]._request(
            "DELETE", f"/canvas/{self.id}/listen-test-webhook",
            what=_("stopping the test listening of workflow '%s'", self.name),
        )
        return bool((answer.get("data") or {}).get("wasListening"))

    @api.model
    def find_test_execution(self, request_id):
        """The execution a test call started, once the sidecar has written it (False before)."""
        if not request_id:
            return False
        execution = self.env["executions"].search([("request_id", "=", request_id)], limit=1)
        return execution.id or False
