from odoo.exceptions import AccessError, MissingError, ValidationError
from odoo.tests import new_test_user, tagged

from .common import AutomatorCase


class IngestCase(AutomatorCase):
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

    def _statements(self, call):
        """How many SQL statements `call` ran, and its answer."""
        before = self.env.cr.sql_log_count
        result = call()
        return self.env.cr.sql_log_count - before, result

    def _bus_messages(self):
        return len(self.env.cr.precommit.data.get("bus.bus.values", []))


@tagged("post_install", "-at_install")
class TestIngestBatch(IngestCase):

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

    # The set-based path: order, concurrency, statement counts, bus notifications.

    def test_ids_answered_in_the_order_sent(self):
        known = self._ingest([self._entry("order-known")])[0]["id"]
        answer = self._ingest([self._entry("order-1"), self._entry("order-known"), self._entry("order-2"), self._entry("order-1")])
        executions = self.env["executions"].browse([row["id"] for row in answer])
        self.assertEqual(executions.mapped("execution_id"), ["order-1", "order-known", "order-2", "order-1"])
        self.assertEqual([row["created"] for row in answer], [True, False, True, False])
        self.assertEqual(answer[1]["id"], known)
        self.assertEqual(len(executions[0].execution_log_ids), 2)

    def test_written_by_a_concurrent_call_is_answered_as_known(self):
        # A concurrent call inserted "race-taken" after our look-up: the INSERT skips it
        # (ON CONFLICT on execution_id) and its node runs are not written a second time.
        taken_id = self._ingest([self._entry("race-taken", logs=1)])[0]["id"]
        created, taken = self.env["executions"].with_user(self.sidecar)._ingest_new([self._entry("race-taken", logs=3), self._entry("race-new")])
        self.assertEqual(taken, {"race-taken": taken_id})
        self.assertEqual(list(created), ["race-new"])
        self.assertEqual(len(self.env["executions"].browse(taken_id).execution_log_ids), 1)

    def test_statements_do_not_grow_with_the_batch(self):
        # Steady state: the first call fills Odoo's caches (rules, defaults), and one environment
        # is kept (a new one would read the user's company again).
        executions = self.env["executions"].with_user(self.sidecar)
        executions.ingest_batch([self._entry("warm-up")])
        few = [self._entry(f"count-s{n}", logs=6) for n in range(5)]
        many = [self._entry(f"count-l{n}", logs=6) for n in range(60)]
        small, _answer = self._statements(lambda: executions.ingest_batch(few))
        large, answer = self._statements(lambda: executions.ingest_batch(many))
        self.assertEqual(len(answer), 60)
        self.assertEqual(small, large)
        self.assertLessEqual(large, 12)
        self.assertEqual(self.env["execution_logs"].search_count([("execution_id.execution_id", "=like", "count-l%")]), 360)

    def test_one_bus_notification_per_batch(self):
        before = self._bus_messages()
        self._ingest([self._entry(f"bus-{n}") for n in range(10)])
        self.assertEqual(self._bus_messages(), before + 1)
        message = self.env.cr.precommit.data["bus.bus.values"][-1]["message"]
        self.assertIn('"canvas_ids":[%d]' % self.canvas.id, message)

    def test_another_company_is_refused_even_when_the_workflow_is_readable(self):
        # The sidecar reads workflows of both companies but writes executions only in its own:
        # the create rule is checked on the rows written, as check_access would.
        other = self.env["res.company"].create({"name": "Bulk Rule Co"})
        canvas = self.env["canvas"].create({"name": "Rule's", "company_id": other.id})
        self.sidecar.company_ids = [(4, other.id)]
        self.env["ir.rule"].create({
            "name": "executions: own company only (test)",
            "model_id": self.env.ref("the_ai_automator.model_executions").id,
            "domain_force": "[('company_id', '=', user.company_id.id)]",
            "perm_read": False, "perm_write": True, "perm_create": True, "perm_unlink": False,
        })
        executions = self.env["executions"].with_user(self.sidecar).with_context(allowed_company_ids=[self.sidecar.company_id.id, other.id])
        with self.assertRaises(AccessError):
            executions.ingest_batch(
                [self._entry("rule-ok"), self._entry("rule-other", canvas_id=canvas.id, execution_log_ids=[])]
            )
        self.assertFalse(self.env["executions"].search([("execution_id", "in", ["rule-ok", "rule-other"])]))


@tagged("post_install", "-at_install")
class TestUpdateBatch(IngestCase):
    """State changes of many executions in one call (set-based UPDATE)."""

    def _update(self, updates, user=None):
        return self.env["executions"].with_user(user or self.sidecar).update_batch(updates)

    def _running(self, *names):
        answer = self._ingest([self._entry(name, logs=0, status="running", finished=False, stopped_at=False) for name in names])
        return self.env["executions"].browse([row["id"] for row in answer])

    def test_state_changes_of_many_executions_in_one_call(self):
        executions = self._running("upd-1", "upd-2", "upd-3")
        node = self.canvas.node_ids[0]
        log = {"node_id": node.id, "node_name": "Set", "sequence": 0, "status": "success", "started_at": "2025-10-01 12:00:00", "duration": 3.25, "output_data": "[]"}
        warm = self._running("upd-warm")
        sidecar_executions = self.env["executions"].with_user(self.sidecar)
        sidecar_executions.update_batch([[warm.id, {"status": "error", "execution_log_ids": [[0, 0, log]]}]])
        statements, result = self._statements(lambda: sidecar_executions.update_batch([
            [executions[0].id, {"status": "success", "finished": True, "stopped_at": "2025-10-01 12:00:05", "duration": 4.5, "execution_log_ids": [[0, 0, log]]}],
            [executions[1].id, {"status": "error", "finished": True, "error_message": "boom", "stopped_at": "2025-10-01 12:00:04"}],
            [executions[2].id, {"status": "success", "finished": True, "stopped_at": "2025-10-01 12:00:05", "duration": 1.0, "execution_log_ids": [[0, 0, log], [0, 0, dict(log, sequence=1)]]}],
        ]))
        self.assertIs(result, True)
        # Three column sets: three UPDATEs, the rest once per call.
        self.assertLessEqual(statements, 10)
        first, second, third = executions
        self.assertEqual((first.status, first.finished, first.duration), ("success", True, 4.5))
        self.assertEqual(first.execution_log_ids.mapped("duration"), [3.25])
        self.assertEqual(first.execution_log_ids.company_id, self.canvas.company_id)
        # No duration sent: derived from the dates, as the ORM's compute would.
        self.assertEqual((second.status, second.error_message, second.duration), ("error", "boom", 4.0))
        self.assertEqual(third.execution_log_ids.mapped("sequence"), [0, 1])
        self.assertEqual(first.write_uid, self.sidecar)
        self.assertEqual(first.company_id, self.canvas.company_id)

    def test_clear_then_add_replaces_the_node_runs(self):
        execution = self.env["executions"].browse(self._ingest([self._entry("upd-replace", logs=3)])[0]["id"])
        node = self.canvas.node_ids[0]
        self._update([[execution.id, {"execution_log_ids": [[5, 0, 0], [0, 0, {"node_id": node.id, "node_name": "Only", "status": "success"}]]}]])
        self.assertEqual(execution.execution_log_ids.mapped("node_name"), ["Only"])

    def test_statements_do_not_grow_with_the_update(self):
        small = self._running(*[f"upd-s{n}" for n in range(3)])
        large = self._running(*[f"upd-l{n}" for n in range(40)])
        change = {"status": "success", "finished": True, "stopped_at": "2025-10-01 12:00:05", "duration": 1.0}
        executions = self.env["executions"].with_user(self.sidecar)
        executions.update_batch([[small[0].id, change]])
        few_updates, many_updates = [[e.id, change] for e in small], [[e.id, change] for e in large]
        few, _r = self._statements(lambda: executions.update_batch(few_updates))
        many, _r = self._statements(lambda: executions.update_batch(many_updates))
        self.assertEqual(few, many)
        self.assertEqual(set(large.mapped("status")), {"success"})

    def test_one_bus_notification_per_update_batch(self):
        executions = self._running("upd-bus-1", "upd-bus-2")
        before = self._bus_messages()
        self._update([[e.id, {"status": "success"}] for e in executions])
        self.assertEqual(self._bus_messages(), before + 1)

    def test_update_refused_without_the_sidecar_group(self):
        execution = self._running("upd-refused")
        with self.assertRaises(AccessError):
            self._update([[execution.id, {"status": "success"}]], user=self.manager)
        self.assertEqual(execution.status, "running")

    def test_update_refused_for_another_company(self):
        other = self.env["res.company"].create({"name": "Update Other Co"})
        canvas = self.env["canvas"].create({"name": "Other's", "company_id": other.id})
        theirs = self.env["executions"].create({"execution_id": "upd-theirs", "canvas_id": canvas.id, "status": "running"})
        mine = self._running("upd-mine")
        with self.assertRaises(AccessError):
            self._update([[mine.id, {"status": "success"}], [theirs.id, {"status": "success"}]])
        self.assertEqual((mine.status, theirs.status), ("running", "running"))

    def test_update_of_a_missing_execution_is_refused(self):
        execution = self._running("upd-missing")
        with self.assertRaises(MissingError):
            self._update([[execution.id, {"status": "success"}], [execution.id + 100000, {"status": "success"}]])

    def test_bad_updates_are_refused_with_their_name(self):
        execution = self._running("upd-bad")
        with self.assertRaisesRegex(ValidationError, "executions.status"):
            self._update([[execution.id, {"status": "exploded"}]])
        with self.assertRaisesRegex(ValidationError, "appears twice"):
            self._update([[execution.id, {"status": "success"}], [execution.id, {"status": "error"}]])
        with self.assertRaisesRegex(ValidationError, r"\[id, values\]"):
            self._update([{"id": execution.id}])
        with self.assertRaisesRegex(ValidationError, "no fields"):
            self._update([[execution.id, {"colour": "red"}]])

    def test_a_stale_update_is_skipped_as_write_skips_it(self):
        # Queue mode: a late `queued` (or a dead worker's `running`) must not undo an end.
        ended, running = self._running("upd-ended", "upd-forward")
        ended.write({"status": "success", "finished": True})
        self._update([
            [ended.id, {"status": "queued", "finished": False, "execution_log_ids": [[5, 0, 0]]}],
            [running.id, {"status": "success", "finished": True}],
        ])
        self.assertEqual((ended.status, ended.finished), ("success", True))
        self.assertEqual(running.status, "success")
        self._update([[ended.id, {"error_message": "links and messages always apply"}]])
        self.assertEqual(ended.error_message, "links and messages always apply")
