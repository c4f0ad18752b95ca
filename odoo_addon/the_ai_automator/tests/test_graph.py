import json
from unittest.mock import patch

from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common import SIDECAR_URL, AutomatorCase, sidecar_response

ITEMS = [{"json": {"n": 1}}, {"json": {"n": 2}}]


@tagged("post_install", "-at_install")
class TestGraphData(AutomatorCase):
    def _run(self, execution, node, sequence, status="success", outputs=None, inputs=None, run_index=0, error=False):
        return self.env["execution_logs"].create({
            "execution_id": execution.id,
            "node_name": node,
            "sequence": sequence,
            "run_index": run_index,
            "status": status,
            "input_data": json.dumps(inputs if inputs is not None else []),
            "output_data": json.dumps(outputs if outputs is not None else [[]]),
            "error_message": error,
        })

    def test_canvas_graph_data_gives_nodes_with_record_ids_and_connections(self):
        self.canvas.node_ids.filtered(lambda node: node.name == "Set Node").write({
            "position_x": 220, "position_y": 40, "disabled": True, "on_error": "continueErrorOutput",
        })
        data = self.canvas.graph_data()
        by_name = {node["name"]: node for node in data["nodes"]}
        set_node = self.canvas.node_ids.filtered(lambda node: node.name == "Set Node")
        self.assertEqual(by_name["Set Node"], {
            "name": "Set Node", "type": "set", "position": [220.0, 40.0], "id": set_node.id,
            "typeVersion": 0.0, "disabled": True, "onError": "continueErrorOutput",
            "parameters": {"values": {"test": "value"}},
        })
        self.assertEqual(by_name["Manual Trigger"]["onError"], None)
        self.assertEqual(data["connections"], {
            "Manual Trigger": {"main": [[{"node": "Set Node", "type": "main", "index": 0}]]},
        })

    def test_canvas_graph_data_survives_broken_json(self):
        self.canvas.write({"connections": "{not json"})
        self.canvas.node_ids[:1].write({"parameters": "[oops"})
        data = self.canvas.graph_data()
        self.assertEqual(data["connections"], {})
        self.assertEqual(len(data["nodes"]), 2)

    def test_execution_graph_data_sums_items_per_output_and_counts_runs(self):
        execution = self._execution(status="success", workflow_snapshot=json.dumps({
            "nodes": [
                {"name": "Manual Trigger", "type": "n8n-nodes-base.manualTrigger", "position": [0, 0]},
                {"name": "Set Node", "type": "n8n-nodes-base.set", "position": [200, 0]},
                {"name": "Gone", "type": "n8n-nodes-base.noOp", "position": [400, 0]},
            ],
            "connections": {"Manual Trigger": {"main": [[{"node": "Set Node", "type": "main", "index": 0}]]}},
        }))
        self._run(execution, "Manual Trigger", 0, outputs=[ITEMS])
        self._run(execution, "Set Node", 1, outputs=[ITEMS[:1], []], run_index=0)
        self._run(execution, "Set Node", 2, outputs=[ITEMS, ITEMS[:1]], run_index=1)
        data = execution.graph_data()
        self.assertEqual(data["execution"], {
            "id": execution.id, "executionId": execution.execution_id, "status": "success",
            "finished": False, "errorMessage": None, "errorNode": None,
        })
        record_ids = {node.name: node.id for node in self.canvas.node_ids}
        self.assertEqual(
            [(node["name"], node["id"]) for node in data["workflow"]["nodes"]],
            [("Manual Trigger", record_ids["Manual Trigger"]), ("Set Node", record_ids["Set Node"]), ("Gone", None)],
        )
        self.assertEqual(data["runs"], {
            "Manual Trigger": {"status": "success", "runCount": 1, "outputCounts": [2], "error": None},
            "Set Node": {"status": "success", "runCount": 2, "outputCounts": [3, 1], "error": None},
        })

    def test_execution_graph_data_marks_errors_and_falls_back_to_the_canvas(self):
        execution = self._execution(status="error", error_message="Set Node: bad", error_node="Set Node")
        self._run(execution, "Manual Trigger", 0, outputs=[ITEMS])
        self._run(execution, "Set Node", 1, status="error", outputs=[], error="bad value")
        data = execution.graph_data()
        self.assertEqual(sorted(node["name"] for node in data["workflow"]["nodes"]), ["Manual Trigger", "Set Node"])
        self.assertEqual(data["runs"]["Set Node"], {"status": "error", "runCount": 1, "outputCounts": [], "error": "bad value"})
        self.assertEqual(data["execution"]["errorNode"], "Set Node")

    def test_running_execution_shows_the_node_fed_by_the_last_one(self):
        execution = self._execution(status="running", execution_data=json.dumps({
            "resultData": {"runData": {}, "lastNodeExecuted": "Manual Trigger"},
            "executionData": {"nodeExecutionStack": []},
        }))
        self._run(execution, "Manual Trigger", 0, outputs=[ITEMS])
        runs = execution.graph_data()["runs"]
        self.assertEqual(runs["Set Node"]["status"], "running")
        self.assertEqual(runs["Manual Trigger"]["status"], "success")

    def test_running_execution_falls_back_to_the_head_of_the_stack(self):
        execution = self._execution(status="running", execution_data=json.dumps({
            "resultData": {"runData": {}},
            "executionData": {"nodeExecutionStack": [{"node": "Manual Trigger", "data": {"main": [[]]}}]},
        }))
        self.assertEqual(execution.graph_data()["runs"], {
            "Manual Trigger": {"status": "running", "runCount": 0, "outputCounts": [], "error": None},
        })

    def test_node_runs_answers_each_run_with_its_items(self):
        execution = self._execution(status="success")
        self._run(execution, "Set Node", 3, outputs=[ITEMS], inputs=ITEMS[:1], run_index=1)
        self._run(execution, "Set Node", 1, outputs=[ITEMS[:1], []], inputs=ITEMS, run_index=0, status="error", error="oops")
        self._run(execution, "Manual Trigger", 0, outputs=[ITEMS])
        runs = execution.node_runs("Set Node")
        self.assertEqual([(run["runIndex"], run["status"], run["error"]) for run in runs], [(0, "error", "oops"), (1, "success", None)])
        self.assertEqual(runs[0]["input"], ITEMS)
        self.assertEqual(runs[0]["output"], [ITEMS[:1], []])
        self.assertEqual(runs[1]["output"], [ITEMS])
        self.assertEqual(execution.node_runs("Nobody"), [])
        with self.assertRaisesRegex(UserError, "name the node"):
            execution.node_runs("")

    def test_trigger_items_of_gives_the_first_node_output_json(self):
        execution = self._execution(status="success")
        self._run(execution, "Set Node", 1, outputs=[[{"json": {"x": 1}}]])
        self._run(execution, "Manual Trigger", 0, outputs=[ITEMS])
        self.assertEqual(self.env["executions"].trigger_items_of(execution.id), [{"n": 1}, {"n": 2}])
        empty = self._execution(execution_id="0190f0a0-0000-7000-8000-000000000002")
        with self.assertRaisesRegex(UserError, "has no node runs"):
            self.env["executions"].trigger_items_of(empty.id)
        with self.assertRaisesRegex(UserError, "does not exist"):
            self.env["executions"].trigger_items_of(999999999)

    def test_graph_data_needs_read_access(self):
        outsider = new_test_user(self.env, login="graph_outsider", groups="base.group_user")
        execution = self._execution(status="success")
        with self.assertRaises(AccessError):
            self.canvas.with_user(outsider).graph_data()
        with self.assertRaises(AccessError):
            execution.with_user(outsider).graph_data()
        reader = new_test_user(self.env, login="graph_reader", groups="the_ai_automator.group_ai_automator_user")
        self.assertEqual(len(self.canvas.with_user(reader).graph_data()["nodes"]), 2)
        self.assertEqual(execution.with_user(reader).node_runs("Set Node"), [])


@tagged("post_install", "-at_install")
class TestExecuteWithData(AutomatorCase):
    def _wizard(self, text, **vals):
        return self.env["ai_automator.execute_wizard"].create({"canvas_id": self.canvas.id, "trigger_json": text, **vals})

    def test_sends_the_items_and_opens_the_run(self):
        answer = sidecar_response(202, {"success": True, "executionId": "exec-7", "status": "running"})
        with patch("requests.post", return_value=answer) as post:
            action = self._wizard('[{"n": 1}, {"n": 2}]').action_execute()
        args, kwargs = post.call_args
        self.assertEqual(args, (f"{SIDECAR_URL}/canvas/{self.canvas.id}/execute",))
        self.assertEqual(kwargs["json"], {"wait": False, "mode": "manual", "triggerData": [{"n": 1}, {"n": 2}]})
        self.assertIn("Idempotency-Key", kwargs["headers"])
        self.assertEqual(action, {
            "type": "ir.actions.client",
            "tag": "the_ai_automator.open_execution",
            "name": "Execution exec-7",
            "params": {"execution_id": "exec-7", "canvas_id": self.canvas.id},
        })

    def test_one_object_is_sent_as_it_is(self):
        answer = sidecar_response(202, {"success": True, "executionId": "exec-8", "status": "running"})
        with patch("requests.post", return_value=answer) as post:
            self._wizard('{"name": "Ada"}').action_execute()
        self.assertEqual(post.call_args.kwargs["json"]["triggerData"], {"name": "Ada"})

    def test_bad_json_is_refused_before_calling_the_sidecar(self):
        cases = [
            ("{oops", "not valid JSON"),
            ("42", "not a int"),
            ('"text"', "not a str"),
            ('[{"a": 1}, 3]', "element 1 is a int"),
        ]
        with patch("requests.post") as post:
            for text, message in cases:
                with self.subTest(text=text), self.assertRaisesRegex(UserError, message):
                    self._wizard(text).action_execute()
        post.assert_not_called()

    def test_an_answer_without_execution_id_is_an_error(self):
        with patch("requests.post", return_value=sidecar_response(202, {"success": True})):
            with self.assertRaisesRegex(UserError, "did not say which execution"):
                self._wizard("{}").action_execute()

    def test_picking_an_earlier_execution_fills_its_trigger_data(self):
        execution = self._execution(status="success")
        self.env["execution_logs"].create({
            "execution_id": execution.id, "node_name": "Manual Trigger", "sequence": 0, "status": "success",
            "output_data": json.dumps([ITEMS]),
        })
        wizard = self._wizard("{}")
        wizard.source_execution_id = execution
        wizard._onchange_source_execution_id()
        self.assertEqual(json.loads(wizard.trigger_json), [{"n": 1}, {"n": 2}])

    def test_the_button_opens_the_wizard_for_this_canvas(self):
        action = self.canvas.action_open_execute_with_data()
        self.assertEqual(action["res_model"], "ai_automator.execute_wizard")
        self.assertEqual(action["target"], "new")
        self.assertEqual(action["context"], {"default_canvas_id": self.canvas.id})
