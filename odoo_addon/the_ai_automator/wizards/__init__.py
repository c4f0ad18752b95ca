from . import import_n8n
from . import export_n8n
from . import execute_with_data
