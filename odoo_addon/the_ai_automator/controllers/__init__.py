from . import binary_download
