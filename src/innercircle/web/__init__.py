"""web stage: the REST API and the server-rendered UI (`create_app`), secured by API tokens."""

from innercircle.web.app import create_app
from innercircle.web.settings import WebSettings

__all__ = ["WebSettings", "create_app"]
