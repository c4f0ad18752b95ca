import json

import requests

from odoo.tests import TransactionCase

SIDECAR_URL = "http://sidecar.test:5680"
SIDECAR_KEY = "test-key-123"


def sidecar_response(status, body):
    """A real requests.Response, as the sidecar would send it."""
    response = requests.Response()
    response.status_code = status
    response._content = body.encode() if isinstance(body, str) else json.dumps(body).encode()
    response.headers["Content-Type"] = "application/json"
    response.reason = {200: "OK", 202: "Accepted", 401: "Unauthorized", 404: "Not Found", 500: "Internal Server Error"}.get(status, "")
    return response


class AutomatorCase(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        params = cls.env["ir.config_parameter"].sudo()
        params.set_param("ai_automator.sidecar_url", SIDECAR_URL + "/")
        params.set_param("ai_automator.sidecar_api_key", SIDECAR_KEY)
        cls.canvas = cls.env["canvas"].create({
            "name": "Test Workflow",
            "workflow_id": "test_wf_1",
            "node_ids": [
                (0, 0, {"name": "Manual Trigger", "type": "manual", "node_id": "node_1"}),
                (0, 0, {
                    "name": "Set Node", "type": "set", "node_id": "node_2",
                    "parameters": json.dumps({"values": {"test": "value"}}),
                }),
            ],
            "connections": json.dumps(
                {"Manual Trigger": {"main": [[{"node": "Set Node", "type": "main", "index": 0}]]}}
            ),
        })

    def _execution(self, **vals):
        values = {
            "execution_id": "0190f0a0-0000-7000-8000-000000000001",
            "canvas_id": self.canvas.id,
            "status": "error",
            "mode": "manual",
            "started_at": "2025-10-01 12:00:00",
        }
        values.update(vals)
        return self.env["executions"].create(values)
