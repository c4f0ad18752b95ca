from . import test_models
from . import test_sidecar_buttons
from . import test_import_export
from . import test_security
from . import test_ingest
from . import test_graph
from . import test_credentials
from . import test_test_webhook
