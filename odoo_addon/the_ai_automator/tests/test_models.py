import json
import re

from psycopg2 import IntegrityError

from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import AutomatorCase

UUID4 = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")


@tagged("post_install", "-at_install")
class TestModels(AutomatorCase):
    def test_canvas_defaults(self):
        canvas = self.env["canvas"].create({"name": "Defaults"})
        self.assertRegex(canvas.workflow_id, UUID4)
        self.assertFalse(canvas.save_execution_progress)
        self.assertTrue(canvas.save_manual_executions)
        self.assertEqual(canvas.save_success_executions, "all")
        self.assertEqual(canvas.save_error_executions, "all")
        self.assertEqual(canvas.execution_timeout, 3600)
        self.assertEqual(canvas.connections, "{}")
        self.assertEqual(canvas.settings, "{}")
        self.assertFalse(canvas.active_workflow)
        self.assertEqual(canvas.company_id, self.env.company)
        self.assertEqual(canvas.execution_count, 0)
        self.assertFalse(canvas.last_execution_id)

    def test_canvas_copy_gets_new_workflow_id_and_nodes(self):
        copy = self.canvas.copy()
        self.assertEqual(copy.name, "Test Workflow (copy)")
        self.assertNotEqual(copy.workflow_id, "test_wf_1")
        self.assertEqual(copy.node_ids.mapped("name"), ["Manual Trigger", "Set Node"])

    def test_workflow_id_is_unique(self):
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"):
            self.env["canvas"].create({"name": "Other", "workflow_id": "test_wf_1"})
            self.env.flush_all()

    def test_node_defaults_match_n8n(self):
        node = self.canvas.node_ids.filtered(lambda n: n.name == "Manual Trigger")
        self.assertEqual(node.max_retries, 3)
        self.assertEqual(node.retry_interval, 1000)
        self.assertEqual(node.type_version, 0.0)
        self.assertFalse(node.on_error)
        self.assertEqual(node.parameters, "{}")
        self.assertEqual(node.company_id, self.canvas.company_id)

    def test_node_name_unique_per_canvas(self):
        other = self.env["canvas"].create({"name": "Other"})
        self.env["nodes"].create({"name": "Set Node", "type": "set", "canvas_id": other.id})
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"):
            self.env["nodes"].create({"name": "Set Node", "type": "set", "canvas_id": self.canvas.id})
            self.env.flush_all()

    def test_execution_id_unique(self):
        self._execution()
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"):
            self._execution()
            self.env.flush_all()

    def test_request_id_unique_only_where_set(self):
        self._execution(execution_id="a")
        self._execution(execution_id="b")
        self._execution(execution_id="c", request_id="req-1")
        self.env.flush_all()
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"):
            self._execution(execution_id="d", request_id="req-1")
            self.env.flush_all()

    def test_duration_computed_when_not_given(self):
        execution = self._execution(stopped_at="2025-10-01 12:00:07")
        self.assertEqual(execution.duration, 7.0)
        log = self.env["execution_logs"].create({
            "execution_id": execution.id, "node_name": "Set Node", "status": "success",
            "started_at": "2025-10-01 12:00:00", "finished_at": "2025-10-01 12:00:02",
        })
        self.assertEqual(log.duration, 2000.0)

    def test_duration_written_by_sidecar_is_kept(self):
        execution = self._execution(stopped_at="2025-10-01 12:00:01", duration=0.734)
        self.assertEqual(execution.duration, 0.734)
        log = self.env["execution_logs"].create({
            "execution_id": execution.id, "node_name": "Set Node", "status": "success",
            "started_at": "2025-10-01 12:00:00", "finished_at": "2025-10-01 12:00:00", "duration": 12.5,
        })
        self.assertEqual(log.duration, 12.5)

    def test_execution_with_logs_in_one_create(self):
        node = self.canvas.node_ids.filtered(lambda n: n.name == "Set Node")
        execution = self._execution(
            status="success",
            execution_log_ids=[
                (0, 0, {"node_name": "Manual Trigger", "sequence": 0, "status": "success",
                        "started_at": "2025-10-01 12:00:00"}),
                (0, 0, {"node_name": "Set Node", "node_id": node.id, "sequence": 1, "status": "success",
                        "started_at": "2025-10-01 12:00:00", "output_data": '[{"json": {"test": "value"}}]'}),
            ],
        )
        self.assertEqual(execution.execution_log_ids.mapped("node_name"), ["Manual Trigger", "Set Node"])
        self.assertEqual(execution.log_count, 2)
        self.assertEqual(self.canvas.execution_count, 1)
        self.assertEqual(self.canvas.last_execution_id, execution)
        self.assertEqual(execution.company_id, self.canvas.company_id)
        # A node deleted later keeps its runs, by name.
        node.unlink()
        self.assertFalse(execution.execution_log_ids[1].node_id)
        self.assertEqual(execution.execution_log_ids[1].node_name, "Set Node")

    def test_canvas_unlink_cascades(self):
        execution = self._execution(execution_log_ids=[
            (0, 0, {"node_name": "Set Node", "status": "error", "started_at": "2025-10-01 12:00:00"}),
        ])
        logs = execution.execution_log_ids
        nodes = self.canvas.node_ids
        self.canvas.unlink()
        self.assertFalse(execution.exists())
        self.assertFalse(logs.exists())
        self.assertFalse(nodes.exists())

    def test_to_n8n_format(self):
        first = self._execution(execution_id="exec-1", status="error")
        parent = self._execution(execution_id="exec-0", status="success")
        retry = self._execution(
            execution_id="exec-2",
            mode="retry",
            status="cancelled",
            finished=False,
            started_at="2025-10-01 12:00:00",
            stopped_at="2025-10-01 12:00:03",
            wait_till="2025-10-01 13:30:00",
            resume_url="http://127.0.0.1:5680/webhook-waiting/exec-2?token=t",
            error_message="Stopped by the user",
            retry_of=first.id,
            parent_execution_id=parent.id,
            workflow_snapshot=json.dumps({"name": "Test Workflow", "nodes": []}),
            execution_data=json.dumps({"resultData": {"runData": {}, "lastNodeExecuted": "Set Node"}}),
        )
        first.retry_success_id = retry
        self.assertEqual(retry.to_n8n_format(), {
            "id": "exec-2",
            "workflowId": "test_wf_1",
            "finished": False,
            "mode": "retry",
            "status": "canceled",
            "startedAt": "2025-10-01T12:00:00.000Z",
            "stoppedAt": "2025-10-01T12:00:03.000Z",
            "duration": 3.0,
            "waitTill": "2025-10-01T13:30:00.000Z",
            "resumeUrl": "http://127.0.0.1:5680/webhook-waiting/exec-2?token=t",
            "errorMessage": "Stopped by the user",
            "retryOf": "exec-1",
            "retrySuccessId": None,
            "parentExecutionId": "exec-0",
            "partialOf": None,
            "workflowData": {"name": "Test Workflow", "nodes": []},
            "data": {"resultData": {"runData": {}, "lastNodeExecuted": "Set Node"}},
            "customData": {},
        })
        n8n_first = first.to_n8n_format()
        self.assertEqual(n8n_first["retrySuccessId"], "exec-2")
        self.assertEqual(n8n_first["stoppedAt"], None)
        self.assertEqual(n8n_first["workflowData"], {})
        self.assertEqual(n8n_first["data"], {})
        self.assertEqual(n8n_first["resumeUrl"], None)
        partial = self._execution(execution_id="exec-3", mode="partial", partial_of=first.id)
        self.assertEqual(partial.to_n8n_format()["partialOf"], "exec-1")

    def test_custom_data_is_returned_and_searchable(self):
        saved = self._execution(
            execution_id="exec-cd-1", custom_data=json.dumps({"customer": "Ann", "order_id": "7"})
        )
        other = self._execution(execution_id="exec-cd-2", custom_data=json.dumps({"customer": "Bob"}))
        plain = self._execution(execution_id="exec-cd-3")
        self.assertEqual(saved.to_n8n_format()["customData"], {"customer": "Ann", "order_id": "7"})
        self.assertEqual(plain.to_n8n_format()["customData"], {})
        Executions = self.env["executions"]
        self.assertEqual(Executions.search([("custom_data", "ilike", '"customer": "Ann"')]), saved)
        with_data = Executions.search([("custom_data", "!=", False), ("execution_id", "like", "exec-cd-")])
        self.assertEqual(with_data, saved | other)
        self.assertNotIn(plain, with_data)
        # The list and search views show and filter on the field.
        list_arch = Executions.get_view(self.env.ref("the_ai_automator.view_executions_list").id, "list")["arch"]
        search_arch = Executions.get_view(self.env.ref("the_ai_automator.view_executions_search").id, "search")["arch"]
        self.assertIn('name="custom_data"', list_arch)
        self.assertIn('name="custom_data"', search_arch)
        self.assertIn('name="filter_custom_data"', search_arch)

    def test_create_and_write_notify_the_bus(self):
        before = len(self.env.cr.precommit.data.get("bus.bus.values", []))
        execution = self._execution(status="running")
        execution.write({"status": "success"})
        sent = self.env.cr.precommit.data["bus.bus.values"][before:]
        mine = [json.loads(v["message"]) for v in sent if "the_ai_automator/executions_changed" in v["message"]]
        self.assertEqual(len(mine), 2)
        payload = {"ids": [execution.id], "canvas_ids": [self.canvas.id]}
        self.assertEqual(mine[0], {"type": "the_ai_automator/executions_changed", "payload": payload})
        self.assertEqual(mine[1]["payload"], payload)
        group = self.env.ref("the_ai_automator.group_ai_automator_user")
        self.assertEqual(json.loads(sent[-1]["channel"]), [self.env.cr.dbname, "res.groups", group.id])

    def test_activation_state_change_notifies_the_bus(self):
        before = len(self.env.cr.precommit.data.get("bus.bus.values", []))
        self.canvas.write({"name": "Renamed"})
        self.canvas.write({"active_workflow": True})
        sent = self.env.cr.precommit.data["bus.bus.values"][before:]
        self.assertEqual(
            [json.loads(v["message"]) for v in sent],
            [{"type": "the_ai_automator/executions_changed", "payload": {"ids": [], "canvas_ids": [self.canvas.id]}}],
        )


@tagged("post_install", "-at_install")
class TestTokenUsageViews(AutomatorCase):
    def test_execution_views_show_token_usage(self):
        Executions = self.env["executions"]
        form = Executions.get_view(self.env.ref("the_ai_automator.view_executions_form").id, "form")["arch"]
        self.assertIn('name="total_tokens"', form)
        self.assertIn('name="prompt_tokens"', form)
        listing = Executions.get_view(self.env.ref("the_ai_automator.view_executions_list").id, "list")["arch"]
        self.assertRegex(listing, r'<field name="total_tokens"[^>]*optional="hide"')
        logs = self.env["execution_logs"].get_view(self.env.ref("the_ai_automator.view_execution_logs_list").id, "list")["arch"]
        self.assertIn('name="total_tokens"', logs)
