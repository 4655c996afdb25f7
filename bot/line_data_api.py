"""The LINE adapter's calls on the data API (message content) and on rich menus, as a mixin of
`bot.line_adapter.LineAdapter` (kept apart so that each module reads whole). Only the adapter
knows LINE: bot/rich_menus.py decides what the menus are and calls these.
"""

from __future__ import annotations

import logging
from typing import Any

from linebot.v3.messaging import (
    ApiClient,
    ApiException,
    Configuration,
    CreateRichMenuAliasRequest,
    MessagingApi,
    MessagingApiBlob,
    RichMenuBulkLinkRequest,
    RichMenuRequest,
    UpdateRichMenuAliasRequest,
)

from bot import line_limits
from bot.line_content import Fetched, fetch_content

log = logging.getLogger(__name__)


class DataAndRichMenuCalls:
    """Message content and rich menu calls; the adapter provides the API clients."""

    _timeout: float | tuple[float, float]
    _data_configuration: Configuration
    _data_client: ApiClient | None

    def _api(self) -> MessagingApi:
        raise NotImplementedError  # LineAdapter._api

    def _blob(self) -> MessagingApiBlob:
        if self._data_client is None:
            self._data_client = ApiClient(self._data_configuration)
        return MessagingApiBlob(self._data_client)

    def message_content(self, message_id: str, max_bytes: int) -> Fetched:
        """The content of a message a user sent (a photo), from the data API, within a total
        deadline and ``max_bytes`` (bot/line_content.py). Called by a queue worker only."""
        token = str(self._data_configuration.access_token or "-")
        return fetch_content(self._data_configuration.host, token, message_id, max_bytes)

    # --- rich menus (bot/rich_menus.py decides what they are) ---------------------------------

    def rich_menu_list(self) -> dict[str, str]:
        """{name: richMenuId} of the channel's rich menus."""
        found = self._api().get_rich_menu_list(_request_timeout=self._timeout)
        return {menu.name: menu.rich_menu_id for menu in found.richmenus}

    def create_rich_menu(self, definition: dict[str, Any], image: bytes, content_type: str) -> str:
        """Create a rich menu and upload its image (to the data host); returns its id."""
        created = self._api().create_rich_menu(
            RichMenuRequest.from_dict(definition), _request_timeout=self._timeout
        )
        menu_id = str(created.rich_menu_id)
        self._blob().set_rich_menu_image(
            menu_id, image, _headers={"Content-Type": content_type}, _request_timeout=self._timeout
        )
        return menu_id

    def delete_rich_menu(self, menu_id: str) -> None:
        self._api().delete_rich_menu(menu_id, _request_timeout=self._timeout)

    def rich_menu_aliases(self) -> dict[str, str]:
        """{aliasId: richMenuId}."""
        found = self._api().get_rich_menu_alias_list(_request_timeout=self._timeout)
        return {alias.rich_menu_alias_id: alias.rich_menu_id for alias in found.aliases}

    def rich_menu_of_alias(self, alias: str) -> str | None:
        try:
            found = self._api().get_rich_menu_alias(alias, _request_timeout=self._timeout)
        except ApiException as error:
            if error.status == 400 or error.status == 404:
                return None
            raise
        return str(found.rich_menu_id)

    def set_rich_menu_alias(self, alias: str, menu_id: str, *, exists: bool) -> None:
        api = self._api()
        if exists:
            api.update_rich_menu_alias(
                alias, UpdateRichMenuAliasRequest(rich_menu_id=menu_id), _request_timeout=self._timeout
            )
        else:
            api.create_rich_menu_alias(
                CreateRichMenuAliasRequest(rich_menu_alias_id=alias, rich_menu_id=menu_id),
                _request_timeout=self._timeout,
            )

    def set_default_rich_menu(self, menu_id: str) -> None:
        self._api().set_default_rich_menu(menu_id, _request_timeout=self._timeout)

    def link_rich_menu_bulk(self, user_ids: list[str], menu_id: str) -> None:
        for start in range(0, len(user_ids), line_limits.MAX_MULTICAST_TO):
            request = RichMenuBulkLinkRequest(
                rich_menu_id=menu_id, user_ids=user_ids[start : start + line_limits.MAX_MULTICAST_TO]
            )
            self._api().link_rich_menu_id_to_users(request, _request_timeout=self._timeout)
