from . import sidecar_client
from . import canvas
from . import nodes
from . import executions
from . import execution_ingest
from . import execution_logs
from . import execution_binary
from . import res_config_settings
