import io
import json
from unittest.mock import patch

import requests

from odoo.tests import HttpCase, new_test_user, tagged

from .common import SIDECAR_KEY, SIDECAR_URL, AutomatorCase

EXECUTION_ID = "0190f0a0-0000-7000-8000-00000000b1b1"
OUTPUT = [[
    {"json": {"n": 1}, "binary": {
        "data": {"mimeType": "application/pdf", "fileName": "invoice <1>.pdf", "fileSize": "1.2 MB",
                 "data": "filesystem-v2", "id": "filesystem-v2:x/y", "bytes": 1200000},
    }},
    {"json": {"n": 2}},
    {"json": {"n": 3}, "binary": {"note": {"mimeType": "text/plain", "fileName": "note.txt", "fileSize": "2 B"}}},
]]


def file_response(body, status=200, content_type="application/pdf", disposition='attachment; filename="invoice.pdf"'):
    """A streamed requests.Response as the sidecar sends a file (or its JSON refusal)."""
    response = requests.Response()
    response.status_code = status
    response.raw = io.BytesIO(body)
    response.headers["Content-Type"] = content_type
    if status == 200:
        response.headers["Content-Disposition"] = disposition
        response.headers["Content-Length"] = str(len(body))
    response.reason = "OK" if status == 200 else "Not Found"
    return response


class BinaryLogMixin:
    def _log_with_files(self, canvas=None):
        execution = self._execution(execution_id=EXECUTION_ID, status="success",
                                    **({"canvas_id": canvas.id} if canvas else {}))
        return self.env["execution_logs"].create({
            "execution_id": execution.id, "node_name": "Get Invoice", "status": "success", "run_index": 1,
            "started_at": "2025-10-01 12:00:00", "output_data": json.dumps(OUTPUT),
        })


@tagged("post_install", "-at_install")
class TestBinaryListing(BinaryLogMixin, AutomatorCase):
    def test_lists_each_file_with_escaped_name_type_size_and_download_link(self):
        log = self._log_with_files()
        self.assertEqual(log.binary_count, 2)
        html = str(log.binary_files_html)
        self.assertIn(f'href="/the_ai_automator/binary/{log.id}?output=0&amp;item=0&amp;property=data"', html)
        self.assertIn("invoice &lt;1&gt;.pdf</a></td><td>application/pdf</td><td>1.2 MB</td>", html)
        self.assertIn(f'href="/the_ai_automator/binary/{log.id}?output=0&amp;item=2&amp;property=note"', html)

    def test_runs_without_files_or_with_unreadable_output_list_nothing(self):
        log = self._log_with_files()
        log.output_data = "not json"
        self.assertEqual(log.binary_count, 0)
        self.assertFalse(log.binary_files_html)

    def test_download_asks_the_sidecar_for_that_node_run_streamed(self):
        log = self._log_with_files()
        with patch("requests.get", return_value=file_response(b"%PDF")) as get:
            upstream = log._open_binary_download(0, 2, "note")
        self.assertEqual(upstream.status_code, 200)
        args, kwargs = get.call_args
        self.assertEqual(args, (f"{SIDECAR_URL}/executions/{EXECUTION_ID}/binary",))
        self.assertEqual(kwargs["params"], {"node": "Get Invoice", "run": 1, "output": 0, "item": 2, "property": "note"})
        self.assertEqual(kwargs["headers"], {"Authorization": f"Bearer {SIDECAR_KEY}"})
        self.assertTrue(kwargs["stream"])


@tagged("post_install", "-at_install")
class TestBinaryDownloadRoute(BinaryLogMixin, HttpCase):
    # HttpCase has no AutomatorCase helpers: borrow them.
    _execution = AutomatorCase._execution

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        params = cls.env["ir.config_parameter"].sudo()
        params.set_param("ai_automator.sidecar_url", SIDECAR_URL + "/")
        params.set_param("ai_automator.sidecar_api_key", SIDECAR_KEY)
        cls.canvas = cls.env["canvas"].create({"name": "Files Workflow", "workflow_id": "files_wf_1"})
        new_test_user(cls.env, "files_reader", password="files_reader_pw",
                      groups="base.group_user,the_ai_automator.group_ai_automator_user")
        new_test_user(cls.env, "files_stranger", password="files_stranger_pw", groups="base.group_user")

    def test_a_reader_gets_the_bytes_streamed_with_the_file_headers(self):
        log = self._log_with_files()
        self.authenticate("files_reader", "files_reader_pw")
        with patch("requests.get", return_value=file_response(b"%PDF-1.4 bytes")) as get:
            response = self.url_open(f"/the_ai_automator/binary/{log.id}?output=0&item=0&property=data")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.content, b"%PDF-1.4 bytes")
        self.assertEqual(response.headers["Content-Type"], "application/pdf")
        self.assertEqual(response.headers["Content-Disposition"], 'attachment; filename="invoice.pdf"')
        self.assertEqual(get.call_args.kwargs["params"]["node"], "Get Invoice")

    def test_a_user_without_rights_never_reaches_the_sidecar(self):
        log = self._log_with_files()
        self.authenticate("files_stranger", "files_stranger_pw")
        with patch("requests.get") as get:
            response = self.url_open(f"/the_ai_automator/binary/{log.id}?property=data")
        self.assertEqual(response.status_code, 403)
        get.assert_not_called()

    def test_another_companys_run_is_refused(self):
        other_company = self.env["res.company"].create({"name": "Files Other Co"})
        other_canvas = self.env["canvas"].create({"name": "Other's", "company_id": other_company.id})
        log = self._log_with_files(canvas=other_canvas)
        self.authenticate("files_reader", "files_reader_pw")
        with patch("requests.get") as get:
            response = self.url_open(f"/the_ai_automator/binary/{log.id}?property=data")
        self.assertEqual(response.status_code, 403)
        get.assert_not_called()

    def test_the_sidecars_refusal_is_passed_on_as_not_found(self):
        log = self._log_with_files()
        self.authenticate("files_reader", "files_reader_pw")
        refusal = file_response(json.dumps({"success": False, "error": {"code": "not_found", "message": "no binary property \"x\""}}).encode(),
                                status=404, content_type="application/json")
        with patch("requests.get", return_value=refusal):
            response = self.url_open(f"/the_ai_automator/binary/{log.id}?property=x")
        self.assertEqual(response.status_code, 404)
        self.assertIn('no binary property "x"', response.text)

    def test_bad_numbers_are_refused(self):
        log = self._log_with_files()
        self.authenticate("files_reader", "files_reader_pw")
        response = self.url_open(f"/the_ai_automator/binary/{log.id}?item=first")
        self.assertEqual(response.status_code, 400)
