from odoo import http
from odoo.exceptions import AccessError, UserError
from odoo.http import request

# Headers of the sidecar's answer that describe the file; nothing else is passed on.
PASSED_HEADERS = ("Content-Type", "Content-Disposition", "Content-Length", "X-Content-Type-Options")
CHUNK_BYTES = 64 * 1024


def _stream(upstream):
    try:
        yield from upstream.iter_content(CHUNK_BYTES)
    finally:
        upstream.close()


class BinaryDownload(http.Controller):
    """Downloads of the files a node run put out. The user's own environment reads the node
    run, so Odoo's access rights and record rules decide; the bytes are streamed from the
    sidecar (which keeps them) without being held in memory or stored in Odoo."""

    @http.route("/the_ai_automator/binary/<int:log_id>", type="http", auth="user", methods=["GET"])
    def download(self, log_id, output="0", item="0", property="data", **_kwargs):
        if not (output.isdigit() and item.isdigit()):
            return request.make_response("output and item must be whole numbers", status=400,
                                         headers=[("Content-Type", "text/plain; charset=utf-8")])
        log = request.env["execution_logs"].browse(log_id).exists()
        if not log:
            raise request.not_found()
        try:
            upstream = log._open_binary_download(int(output), int(item), property)
        except AccessError:
            return request.make_response("You may not read this node run.", status=403,
                                         headers=[("Content-Type", "text/plain; charset=utf-8")])
        except UserError as error:
            return request.make_response(str(error), status=404 if "HTTP 404" in str(error) else 502,
                                         headers=[("Content-Type", "text/plain; charset=utf-8")])
        headers = [(name, upstream.headers[name]) for name in PASSED_HEADERS if name in upstream.headers]
        return request.make_response(_stream(upstream), headers=headers)
