from odoo.tests import tagged

from .common import AutomatorCase


@tagged("post_install", "-at_install")
class TestExecutionStages(AutomatorCase):
    """Queue mode: a main's `queued` and a worker's writes reach Odoo through different outboxes."""

    def _execution(self, status, **vals):
        values = {"execution_id": f"stage-{status}-{len(vals)}", "canvas_id": self.canvas.id, "mode": "production", "status": status}
        values.update(vals)
        return self.env["executions"].create(values)

    def test_a_late_queued_write_does_not_undo_the_worker_end(self):
        execution = self._execution("success", finished=True, worker="worker-a")
        execution.write({"status": "queued", "finished": False, "worker": False})
        self.assertEqual((execution.status, execution.finished, execution.worker), ("success", True, "worker-a"))

    def test_a_dead_worker_running_write_does_not_undo_crashed(self):
        execution = self._execution("crashed", error_message="lease lapsed")
        execution.write({"status": "running", "error_message": False})
        self.assertEqual((execution.status, execution.error_message), ("crashed", "lease lapsed"))

    def test_forward_and_same_stage_writes_apply(self):
        execution = self._execution("queued")
        execution.write({"status": "running", "worker": "worker-b"})
        self.assertEqual((execution.status, execution.worker), ("running", "worker-b"))
        execution.write({"status": "waiting"})
        execution.write({"status": "running"})
        execution.write({"status": "error", "finished": False})
        execution.write({"status": "crashed"})
        self.assertEqual(execution.status, "crashed")
        # Writes without a status (links, error messages) always apply.
        execution.write({"error_message": "kept"})
        self.assertEqual(execution.error_message, "kept")

    def test_a_batch_skips_only_the_stale_records(self):
        ended = self._execution("success", finished=True)
        queued = self._execution("queued", finished=False, error_message="x")
        (ended | queued).write({"status": "running"})
        self.assertEqual((ended.status, queued.status), ("success", "running"))
