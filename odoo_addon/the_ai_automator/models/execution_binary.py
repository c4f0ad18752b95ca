import json
from urllib.parse import quote, urlencode

from markupsafe import Markup, escape

from odoo import _, fields, models

# A node run listing thousands of files shows the first ones; the Output tab has them all.
MAX_LISTED_FILES = 100
DOWNLOAD_ROUTE = "/the_ai_automator/binary"


def _binary_entries(output_data):
    """(output, item, property, description) for each binary property in a log's output JSON."""
    try:
        outputs = json.loads(output_data or "[]")
    except ValueError:
        return []
    entries = []
    for output_index, items in enumerate(outputs if isinstance(outputs, list) else []):
        for item_index, item in enumerate(items if isinstance(items, list) else []):
            binary = item.get("binary") if isinstance(item, dict) else None
            if not isinstance(binary, dict):
                continue
            for prop, description in binary.items():
                if isinstance(description, dict):
                    entries.append((output_index, item_index, prop, description))
    return entries


class ExecutionLogsBinary(models.Model):
    """Files a node run put out: listed with name, type and size, each a link to a download
    that Odoo serves only to users who may read the node run (record rules included), the
    bytes coming from the sidecar, which keeps them (never Odoo's database)."""

    _inherit = "execution_logs"

    binary_count = fields.Integer(string="Files", compute="_compute_binary_files")
    binary_files_html = fields.Html(string="Output Files", compute="_compute_binary_files", sanitize=False)

    def _compute_binary_files(self):
        for log in self:
            entries = _binary_entries(log.output_data)
            log.binary_count = len(entries)
            log.binary_files_html = log._binary_files_markup(entries) if entries else False

    def _binary_download_url(self, output_index, item_index, prop):
        query = urlencode({"output": output_index, "item": item_index, "property": prop})
        return f"{DOWNLOAD_ROUTE}/{self.id}?{query}"

    def _binary_files_markup(self, entries):
        rows = []
        for output_index, item_index, prop, description in entries[:MAX_LISTED_FILES]:
            name = description.get("fileName") or prop
            rows.append(Markup(
                "<tr><td>{output}</td><td>{item}</td><td>{prop}</td>"
                "<td><a href=\"{url}\" download=\"\">{name}</a></td><td>{mime}</td><td>{size}</td></tr>"
            ).format(
                output=output_index, item=item_index, prop=prop, url=self._binary_download_url(output_index, item_index, prop),
                name=name, mime=description.get("mimeType") or "", size=description.get("fileSize") or "",
            ))
        head = Markup("<tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>").format(
            _("Output"), _("Item"), _("Property"), _("File"), _("Type"), _("Size"))
        more = ""
        if len(entries) > MAX_LISTED_FILES:
            more = Markup("<p>{}</p>").format(_("%(shown)s of %(total)s files listed.", shown=MAX_LISTED_FILES, total=len(entries)))
        return Markup("<table class=\"table table-sm o_ai_automator_files\"><thead>{}</thead><tbody>{}</tbody></table>{}").format(
            head, Markup("").join(rows), more)

    def _open_binary_download(self, output_index, item_index, prop):
        """The sidecar's streamed answer for one binary property of this node run, once the
        current user's rights on the run (access rights and record rules) allow reading it."""
        self.ensure_one()
        self.check_access("read")
        execution = self.execution_id
        return self.env["ai_automator.sidecar"]._download(
            f"/executions/{quote(execution.execution_id, safe='')}/binary",
            {"node": self.node_name, "run": self.run_index, "output": output_index, "item": item_index, "property": prop},
            what=_("downloading file '%(prop)s' of node '%(node)s' in execution %(execution)s",
                   prop=prop, node=self.node_name, execution=execution.execution_id),
        )
