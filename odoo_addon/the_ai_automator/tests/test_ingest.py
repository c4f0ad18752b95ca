from odoo.exceptions import AccessError, ValidationError
from odoo.tests import new_test_user, tagged

from .common import AutomatorCase


@tagged("post_install", "-at_install")
class TestIngestBatch(AutomatorCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.sidecar = new_test_user(
            cls.env, "ingest_sidecar", groups="base.group_user,the_ai_automator.group_ai_automator_sidecar"
        )
        cls.manager = new_test_user(cls.env, "ingest_manager", groups="the_ai_automator.group_ai_automator_manager")

    def _entry(self, execution_id, logs=2, **vals):
        node = self.canvas.node_ids[0]
        values = {
            "execution_id": execution_id,
            "canvas_id": self.canvas.id,
            "mode": "production",
            "status": "success",
            "finished": True,
            "started_at": "2025-10-01 12:00:00",
            "stopped_at": "2025-10-01 12:00:02",
            "duration": 1.234,
            "execution_data": '{"resultData": {}}',
            "execution_log_ids": [
                [0, 0, {"node_id": node.id, "node_name": f"Node {n}", "sequence": n, "status": "success",
                        "started_at": "2025-10-01 12:00:00", "duration": 7.5, "output_data": "[]"}]
                for n in range(logs)
            ],
        }
        values.update(vals)
        return values

    def _ingest(self, batch, user=None):
        return self.env["executions"].with_user(user or self.sidecar).ingest_batch(batch)

    def test_writes_executions_and_node_runs_in_order(self):
        answer = self._ingest([self._entry("bulk-a", logs=3), self._entry("bulk-b", logs=1), self._entry("bulk-c", logs=0)])
        self.assertEqual([row["created"] for row in answer], [True, True, True])
        executions = self.env["executions"].browse([row["id"] for row in answer])
        self.assertEqual(executions.mapped("execution_id"), ["bulk-a", "bulk-b", "bulk-c"])
        first = executions[0]
        self.assertEqual((first.status, first.mode, first.finished, first.duration), ("success", "production", True, 1.234))
        self.assertEqual(first.company_id, self.canvas.company_id)
        self.assertEqual(first.create_uid, self.sidecar)
        self.assertEqual(first.execution_log_ids.mapped("node_name"), ["Node 0", "Node 1", "Node 2"])
        self.assertEqual(first.execution_log_ids.mapped("duration"), [7.5, 7.5, 7.5])
        self.assertEqual(first.execution_log_ids[0].node_id, self.canvas.node_ids[0])
        self.assertEqual(first.execution_log_ids[0].company_id, self.canvas.company_id)
        self.assertEqual(executions.mapped("log_count"), [3, 1, 0])

    def test_idempotent_on_execution_id(self):
        first = self._ingest([self._entry("bulk-same"), self._entry("bulk-other")])
        again = self._ingest([self._entry("bulk-new"), self._entry("bulk-same", status="error"), self._entry("bulk-new")])
        self.assertEqual(again[1], {"id": first[0]["id"], "created": False})
        self.assertTrue(again[0]["created"])
        self.assertEqual(again[2], {"id": again[0]["id"], "created": False})
        same = self.env["executions"].search([("execution_id", "=", "bulk-same")])
        self.assertEqual(len(same), 1)
        self.assertEqual(same.status, "success")
        self.assertEqual(len(same.execution_log_ids), 2)
        self.assertEqual(self.env["executions"].search_count([("execution_id", "=", "bulk-new")]), 1)

    def test_refused_without_the_sidecar_group(self):
        with self.assertRaises(AccessError):
            self._ingest([self._entry("bulk-refused")], user=self.manager)
        self.assertFalse(self.env["executions"].search([("execution_id", "=", "bulk-refused")]))

    def test_refused_for_another_company(self):
        other = self.env["res.company"].create({"name": "Bulk Other Co"})
        canvas = self.env["canvas"].create({"name": "Other's", "company_id": other.id})
        with self.assertRaises(AccessError):
            self._ingest([self._entry("bulk-other-co", canvas_id=canvas.id, execution_log_ids=[])])

    def test_bad_values_are_refused_with_their_name(self):
        with self.assertRaisesRegex(ValidationError, "executions.status"):
            self._ingest([self._entry("bulk-bad", status="exploded")])
        with self.assertRaisesRegex(ValidationError, "no fields"):
            self._ingest([self._entry("bulk-bad", colour="red")])

    def test_empty_batch_is_the_probe(self):
        self.assertEqual(self._ingest([]), [])
        with self.assertRaises(AccessError):
            self._ingest([], user=self.manager)

    def test_token_usage_is_kept_on_executions_and_node_runs(self):
        entry = self._entry("bulk-tokens", logs=1, prompt_tokens=22, completion_tokens=7, total_tokens=29)
        entry["execution_log_ids"][0][2].update(prompt_tokens=12, completion_tokens=4, total_tokens=16)
        [row] = self._ingest([entry])
        execution = self.env["executions"].browse(row["id"])
        self.assertEqual((execution.prompt_tokens, execution.completion_tokens, execution.total_tokens), (22, 7, 29))
        log = execution.execution_log_ids
        self.assertEqual((log.prompt_tokens, log.completion_tokens, log.total_tokens), (12, 4, 16))
        # Runs that called no model keep zero (the sidecar sends no token fields for them).
        [plain] = self._ingest([self._entry("bulk-no-tokens", logs=1)])
        self.assertEqual(self.env["executions"].browse(plain["id"]).total_tokens, 0)
