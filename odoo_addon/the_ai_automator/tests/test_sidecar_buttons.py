import re
from unittest.mock import patch

import requests

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import SIDECAR_KEY, SIDECAR_URL, AutomatorCase, sidecar_response

UUID4 = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")
AUTH = {"Authorization": f"Bearer {SIDECAR_KEY}", "Accept": "application/json"}


@tagged("post_install", "-at_install")
class TestSidecarButtons(AutomatorCase):
    def test_execute_posts_wait_false_with_idempotency_key(self):
        answer = sidecar_response(202, {"success": True, "executionId": "exec-42", "status": "running"})
        with patch("requests.post", return_value=answer) as post:
            action = self.canvas.action_execute_workflow()
        post.assert_called_once()
        args, kwargs = post.call_args
        self.assertEqual(args, (f"{SIDECAR_URL}/canvas/{self.canvas.id}/execute",))
        self.assertEqual(kwargs["json"], {"wait": False, "mode": "manual"})
        self.assertEqual(kwargs["timeout"], 10)
        headers = dict(kwargs["headers"])
        self.assertRegex(headers.pop("Idempotency-Key"), UUID4)
        self.assertEqual(headers, AUTH)
        self.assertEqual(action["tag"], "display_notification")
        self.assertEqual(action["params"]["message"], "Execution exec-42 started (running).")
        self.assertEqual(action["params"]["next"]["res_model"], "executions")
        self.assertEqual(action["params"]["next"]["domain"], [("canvas_id", "=", self.canvas.id)])

    def test_each_click_has_its_own_idempotency_key(self):
        answer = sidecar_response(202, {"success": True, "executionId": "e", "status": "running"})
        with patch("requests.post", return_value=answer) as post:
            self.canvas.action_execute_workflow()
            self.canvas.action_execute_workflow()
        keys = {call.kwargs["headers"]["Idempotency-Key"] for call in post.call_args_list}
        self.assertEqual(len(keys), 2)

    def test_activate_and_deactivate_write_nothing(self):
        answer = sidecar_response(200, {"success": True, "data": {"active": True}})
        self.env.flush_all()
        write_date = self.canvas.write_date
        with patch("requests.post", return_value=answer) as post:
            action = self.canvas.action_activate()
            self.canvas.action_deactivate()
        urls = [call.args[0] for call in post.call_args_list]
        self.assertEqual(urls, [
            f"{SIDECAR_URL}/canvas/{self.canvas.id}/activate",
            f"{SIDECAR_URL}/canvas/{self.canvas.id}/deactivate",
        ])
        self.assertEqual([call.kwargs["json"] for call in post.call_args_list], [{}, {}])
        self.assertEqual(post.call_args_list[0].kwargs["headers"], AUTH)
        self.assertEqual(action["params"]["message"], "Workflow 'Test Workflow' activated.")
        self.assertEqual(action["params"]["next"], {"type": "ir.actions.client", "tag": "soft_reload"})
        # The sidecar writes active_workflow itself, over RPC, once its triggers are registered.
        self.assertFalse(self.canvas.active_workflow)
        self.assertEqual(self.canvas.write_date, write_date)

    def test_unreachable_sidecar_raises_user_error(self):
        error = requests.exceptions.ConnectionError("Connection refused")
        with patch("requests.post", side_effect=error):
            with self.assertRaises(UserError) as raised:
                self.canvas.action_execute_workflow()
        self.assertEqual(
            str(raised.exception),
            f"The sidecar at {SIDECAR_URL} is unreachable while executing workflow 'Test Workflow': Connection refused",
        )

    def test_real_refused_connection_is_short(self):
        # Port 1 on loopback is closed: a real refusal, no mock, to check the message users see.
        self.env["ir.config_parameter"].sudo().set_param("ai_automator.sidecar_url", "http://127.0.0.1:1")
        with self.assertRaises(UserError) as raised:
            self.canvas.action_execute_workflow()
        self.assertEqual(
            str(raised.exception),
            "The sidecar at http://127.0.0.1:1 is unreachable while executing workflow 'Test Workflow': "
            "Failed to establish a new connection: [Errno 111] Connection refused",
        )

    def test_timeout_raises_user_error(self):
        with patch("requests.post", side_effect=requests.exceptions.ReadTimeout("slow")):
            with self.assertRaises(UserError) as raised:
                self.canvas.action_activate()
        self.assertEqual(
            str(raised.exception),
            f"The sidecar at {SIDECAR_URL} did not answer within 10 s while activating workflow 'Test Workflow'.",
        )

    def test_sidecar_error_message_is_shown(self):
        answer = sidecar_response(
            404, {"success": False, "error": {"code": "not_found", "message": f"Canvas {self.canvas.id} not found"}}
        )
        with patch("requests.post", return_value=answer):
            with self.assertRaises(UserError) as raised:
                self.canvas.action_execute_workflow()
        self.assertEqual(
            str(raised.exception),
            f"The sidecar refused executing workflow 'Test Workflow' (HTTP 404): Canvas {self.canvas.id} not found",
        )

    def test_non_json_error_shows_body(self):
        with patch("requests.post", return_value=sidecar_response(500, "upstream exploded")):
            with self.assertRaises(UserError) as raised:
                self.canvas.action_deactivate()
        self.assertEqual(
            str(raised.exception),
            "The sidecar refused deactivating workflow 'Test Workflow' (HTTP 500): upstream exploded",
        )

    def test_missing_api_key_raises_before_calling(self):
        self.env["ir.config_parameter"].sudo().set_param("ai_automator.sidecar_api_key", False)
        with patch("requests.post") as post:
            with self.assertRaises(UserError) as raised:
                self.canvas.action_execute_workflow()
        post.assert_not_called()
        self.assertEqual(
            str(raised.exception),
            "Cannot contact the sidecar for executing workflow 'Test Workflow': "
            "set the sidecar API key in AI Automator > Configuration > Settings.",
        )

    def test_retry_buttons(self):
        execution = self._execution(execution_id="exec-err-1", status="error")
        answer = sidecar_response(200, {"success": True, "executionId": "exec-retry-1", "status": "success"})
        with patch("requests.post", return_value=answer) as post:
            action = execution.action_retry()
            execution.action_retry_current_workflow()
        self.assertEqual(
            [(call.args[0], call.kwargs["json"]) for call in post.call_args_list],
            [
                (f"{SIDECAR_URL}/executions/exec-err-1/retry", {"loadWorkflow": False}),
                (f"{SIDECAR_URL}/executions/exec-err-1/retry", {"loadWorkflow": True}),
            ],
        )
        self.assertEqual(post.call_args_list[0].kwargs["headers"], AUTH)
        self.assertEqual(action["params"]["message"], "Retry exec-retry-1 started (success).")

    def test_run_node_button(self):
        execution = self._execution(execution_id="exec-err-2", status="error")
        log = self.env["execution_logs"].create({"execution_id": execution.id, "node_name": "Decide", "status": "error"})
        answer = sidecar_response(202, {"success": True, "executionId": "exec-partial-1", "status": "running"})
        with patch("requests.post", return_value=answer) as post:
            action = log.action_run_node()
        post.assert_called_once_with(
            f"{SIDECAR_URL}/executions/exec-err-2/run-node", json={"node": "Decide", "wait": False}, headers=AUTH, timeout=10
        )
        self.assertEqual(action["params"]["message"], "Partial run exec-partial-1 of node 'Decide' started (running).")
        running = self._execution(execution_id="exec-run-2", status="running")
        busy = self.env["execution_logs"].create({"execution_id": running.id, "node_name": "Decide", "status": "success"})
        with patch("requests.post") as post, self.assertRaises(UserError):
            busy.action_run_node()
        post.assert_not_called()

    def test_stop_button(self):
        execution = self._execution(execution_id="exec-run-1", status="running")
        answer = sidecar_response(200, {"success": True, "data": {"status": "cancelled"}})
        with patch("requests.post", return_value=answer) as post:
            action = execution.action_stop()
        post.assert_called_once_with(
            f"{SIDECAR_URL}/executions/exec-run-1/stop", json={}, headers=AUTH, timeout=10
        )
        self.assertEqual(action["params"]["message"], "Execution exec-run-1 stopped.")

    def test_cron_tick_posts_and_swallows_errors(self):
        sidecar = self.env["ai_automator.sidecar"]
        with patch("requests.post", return_value=sidecar_response(200, {"success": True, "data": {"fired": 0}})) as post:
            self.assertTrue(sidecar._cron_schedules_tick())
        post.assert_called_once_with(f"{SIDECAR_URL}/schedules/tick", json={}, headers=AUTH, timeout=10)
        logger = "odoo.addons.the_ai_automator.models.sidecar_client"
        with patch("requests.post", side_effect=requests.exceptions.ConnectionError("refused")):
            with self.assertLogs(logger, level="WARNING") as logs:
                self.assertFalse(sidecar._cron_schedules_tick())
        self.assertEqual(logs.output, [
            f"WARNING:{logger}:AI Automator schedules tick failed: "
            f"The sidecar at {SIDECAR_URL} is unreachable while sending the schedules tick: refused",
        ])
        with patch("requests.post", side_effect=ValueError("anything at all")):
            with self.assertLogs(logger, level="WARNING") as logs:
                self.assertFalse(sidecar._cron_schedules_tick())
        self.assertEqual(logs.output, [f"WARNING:{logger}:AI Automator schedules tick failed: anything at all"])

    def test_cron_record_calls_the_tick(self):
        cron = self.env.ref("the_ai_automator.cron_schedules_tick")
        self.assertEqual((cron.interval_number, cron.interval_type, cron.active), (1, "minutes", True))
        with patch("requests.post", return_value=sidecar_response(200, {"success": True})) as post:
            cron.method_direct_trigger()
        self.assertEqual(post.call_args.args, (f"{SIDECAR_URL}/schedules/tick",))

    def test_check_sidecar_url_reports_instead_of_raising(self):
        sidecar = self.env["ai_automator.sidecar"]
        health = {"success": True, "data": {"status": "ok"}}
        with patch("requests.get", return_value=sidecar_response(200, health)) as get:
            result = sidecar.check_sidecar_url("http://other.test:9/")
        get.assert_called_once_with("http://other.test:9/healthz", headers={"Accept": "application/json"}, timeout=10)
        self.assertEqual(result, {"ok": True, "status": 200, "body": health, "error": False})
        with patch("requests.get", return_value=sidecar_response(200, health)) as get:
            sidecar.check_sidecar_url()
        self.assertEqual(get.call_args.args, (f"{SIDECAR_URL}/healthz",))
        with patch("requests.get", return_value=sidecar_response(404, "nope")):
            self.assertEqual(sidecar.check_sidecar_url("http://x.test")["error"], "HTTP 404: not the sidecar's health answer")
        result = sidecar.check_sidecar_url("http://127.0.0.1:1")
        self.assertEqual(result["error"], "Failed to establish a new connection: [Errno 111] Connection refused")
        self.assertFalse(result["ok"])

    def test_check_sidecar_url_is_for_administrators(self):
        user = self.env["res.users"].create({
            "name": "Plain", "login": "plain_check_url",
            "groups_id": [(6, 0, [self.env.ref("the_ai_automator.group_ai_automator_manager").id])],
        })
        with patch("requests.get") as get, self.assertRaises(AccessError):
            self.env["ai_automator.sidecar"].with_user(user).check_sidecar_url("http://169.254.169.254")
        get.assert_not_called()
