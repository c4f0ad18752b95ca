import base64
import json
from unittest.mock import patch

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import SIDECAR_KEY, SIDECAR_URL, AutomatorCase, sidecar_response

N8N_WORKFLOW = {
    "name": "From n8n",
    "nodes": [
        {"name": "When clicking 'Execute workflow'", "type": "n8n-nodes-base.manualTrigger",
         "typeVersion": 1, "position": [0, 0], "parameters": {}},
    ],
    "connections": {},
}


@tagged("post_install", "-at_install")
class TestImportExport(AutomatorCase):
    def _wizard(self, text, name=False):
        return self.env["ai_automator.import_wizard"].create({"workflow_json": text, "name": name})

    def test_import_posts_workflow_and_opens_canvas(self):
        answer = sidecar_response(200, {"success": True, "data": {"canvasId": self.canvas.id}})
        with patch("requests.post", return_value=answer) as post:
            action = self._wizard(json.dumps(N8N_WORKFLOW), "Renamed").action_import()
        post.assert_called_once_with(
            f"{SIDECAR_URL}/canvas/import",
            json={"workflow": N8N_WORKFLOW, "name": "Renamed"},
            headers={"Authorization": f"Bearer {SIDECAR_KEY}", "Accept": "application/json"},
            timeout=10,
        )
        self.assertEqual(
            (action["res_model"], action["res_id"], action["view_mode"]), ("canvas", self.canvas.id, "form")
        )

    def test_import_without_name_sends_only_the_workflow(self):
        answer = sidecar_response(201, {"success": True, "data": {"canvasId": str(self.canvas.id)}})
        with patch("requests.post", return_value=answer) as post:
            action = self._wizard(json.dumps(N8N_WORKFLOW)).action_import()
        self.assertEqual(post.call_args.kwargs["json"], {"workflow": N8N_WORKFLOW})
        self.assertEqual(action["res_id"], self.canvas.id)

    def test_import_rejects_bad_json_before_calling(self):
        cases = {
            "{not json": "The pasted text is not valid JSON: Expecting property name enclosed in double quotes: line 1 column 2 (char 1)",
            "[1, 2]": "The pasted JSON must be an n8n workflow object, not a list.",
            '{"name": "x"}': 'The pasted JSON has no "nodes" list: it is not an n8n workflow export.',
        }
        for text, message in cases.items():
            with self.subTest(text=text), patch("requests.post") as post:
                with self.assertRaises(UserError) as raised:
                    self._wizard(text).action_import()
                self.assertEqual(str(raised.exception), message)
                post.assert_not_called()

    def test_import_error_from_sidecar(self):
        answer = sidecar_response(
            400, {"success": False, "error": {"code": "bad_request", "message": "Unknown node type 'foo.bar' in node 'X'"}}
        )
        with patch("requests.post", return_value=answer):
            with self.assertRaises(UserError) as raised:
                self._wizard(json.dumps(N8N_WORKFLOW)).action_import()
        self.assertEqual(
            str(raised.exception),
            "The sidecar refused importing the n8n workflow (HTTP 400): Unknown node type 'foo.bar' in node 'X'",
        )

    def test_export_shows_json_and_file(self):
        answer = sidecar_response(200, {"success": True, "data": N8N_WORKFLOW})
        with patch("requests.get", return_value=answer) as get:
            action = self.canvas.action_export_n8n()
        get.assert_called_once_with(
            f"{SIDECAR_URL}/canvas/{self.canvas.id}/export",
            headers={"Authorization": f"Bearer {SIDECAR_KEY}", "Accept": "application/json"},
            timeout=10,
        )
        wizard = self.env["ai_automator.export_wizard"].browse(action["res_id"])
        self.assertEqual((action["res_model"], action["target"]), ("ai_automator.export_wizard", "new"))
        self.assertEqual(json.loads(wizard.workflow_json), N8N_WORKFLOW)
        self.assertEqual(json.loads(base64.b64decode(wizard.file_data)), N8N_WORKFLOW)
        self.assertEqual(wizard.file_name, "Test_Workflow.json")
