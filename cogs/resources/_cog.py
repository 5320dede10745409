"""`/resource …`: share a link or a file (optionally for a session), list the material, remove it."""

import io

import discord
from discord import app_commands
from discord.app_commands import locale_str as _
from discord.ext import commands

from bot.domain import resources
from bot.domain.sessions import Session
from bot.errors import UserError
from bot.i18n import t
from bot.ui import posting
from bot.ui.checks import member_is_organiser
from bot.ui.choices import any_session_choices
from bot.ui.events import MemberDataErased, listens_to
from bot.ui.leerkring import Leerkring, leerkring
from bot.ui.render import plain
from bot.ui.replies import answer_language, send_private
from cogs.resources._publisher import FilePosts, delete_file_message, post_file, show_unattributed
from cogs.resources._render import list_embed


class Resources(commands.Cog):
    """Shared material: the inspiration bundle, the videos, the documents."""

    group = app_commands.Group(
        name=_("resource"), description=_("Shared material: links and files, for sessions"), guild_only=True
    )

    def __init__(self, bot: Leerkring) -> None:
        self.bot = bot

    async def cog_load(self) -> None:
        """Settle the files a stop left between posting and recording."""
        await posting.repair(self.bot, FilePosts(self.bot))

    @listens_to(MemberDataErased)
    async def on_member_data_erased(self, event: MemberDataErased) -> None:
        """The messages of the erased member's shared files no longer name them."""
        await show_unattributed(self.bot, event.guild_id, event.erasure.shared_files)

    @group.command(name=_("add"), description=_("Share a link or a file, for a session if you like"))
    @app_commands.rename(
        title=_("title"), url=_("url"), file=_("file"), description=_("description"), session_id=_("session")
    )
    @app_commands.describe(
        title=_("What it is, e.g. Inspiration bundle Thorbecke experiments"),
        url=_("A link (http or https); or give a file instead"),
        file=_("A file; the bot posts it again so it stays available"),
        description=_("A few words about it"),
        session_id=_("The session it is for (its reminders and report name it)"),
    )
    @app_commands.autocomplete(session_id=any_session_choices)
    async def add(
        self,
        interaction: discord.Interaction,
        title: str,
        url: str | None = None,
        file: discord.Attachment | None = None,
        description: str | None = None,
        session_id: int | None = None,
    ) -> None:
        """Check everything first; store a link at once, or post a file again and keep that message."""
        bot, guild_id = leerkring(interaction), interaction.guild_id
        assert guild_id is not None
        resources.check_one_of(url, file is not None)
        name = resources.clean_title(title)
        text = resources.clean_description(description)
        link = resources.parse_link(url) if url is not None else None
        session = await resources.chosen_session(bot.db, guild_id, session_id)
        if file is not None:
            await self._share_file(interaction, name, file, text, session)
            return
        assert link is not None
        shared = await resources.add_link(
            bot.db, bot.clock.now(), guild_id, interaction.user.id, name, link, text, session
        )
        language = await answer_language(interaction)
        await send_private(interaction, t("resource.added_link", language, id=shared.id, host=plain(link.host)))

    async def _share_file(
        self,
        interaction: discord.Interaction,
        title: str,
        file: discord.Attachment,
        description: str | None,
        session: Session | None,
    ) -> None:
        """Fetch the upload, post it again (in the session's channel, else here) and keep that message."""
        guild_id, here = interaction.guild_id, interaction.channel_id
        assert guild_id is not None and here is not None
        resources.check_file_size(file.size, interaction.filesize_limit)
        await interaction.response.defer(ephemeral=True, thinking=True)
        try:
            data = await file.read()
        except discord.HTTPException:
            raise UserError("resource.file_unreadable") from None
        where = session.channel_id if session else here
        draft = await resources.add_file_draft(
            self.bot.db,
            self.bot.clock.now(),
            guild_id,
            interaction.user.id,
            title,
            file.filename,
            description,
            session,
            where,
        )
        upload = discord.File(io.BytesIO(data), filename=draft.filename or "file")
        message = await post_file(self.bot, draft, upload)
        language = await answer_language(interaction)
        await send_private(interaction, t("resource.added_file", language, id=draft.id, link=message.jump_url))

    @group.command(name=_("list"), description=_("Shared material, newest first"))
    @app_commands.rename(session_id=_("session"), page=_("page"))
    @app_commands.describe(session_id=_("Only the material for this session"), page=_("Which page of the list"))
    @app_commands.autocomplete(session_id=any_session_choices)
    async def list_material(
        self, interaction: discord.Interaction, session_id: int | None = None, page: int = 1
    ) -> None:
        """Show one page of material, with who shared it."""
        bot = leerkring(interaction)
        assert interaction.guild_id is not None
        session = await resources.chosen_session(bot.db, interaction.guild_id, session_id)
        found = await resources.list_page(bot.db, interaction.guild_id, session, page)
        await send_private(interaction, embed=list_embed(found, session, await answer_language(interaction)))

    @group.command(name=_("remove"), description=_("Remove material you shared (organisers: any)"))
    @app_commands.rename(resource_id=_("id"))
    @app_commands.describe(resource_id=_("The material's number (see the list)"))
    async def remove(self, interaction: discord.Interaction, resource_id: int) -> None:
        """Remove material, with the bot's message of a shared file."""
        bot = leerkring(interaction)
        assert interaction.guild_id is not None
        organiser = await member_is_organiser(interaction)
        removed = await resources.remove(
            bot.db, bot.clock.now(), interaction.guild_id, resource_id, interaction.user.id, organiser
        )
        deleted = await delete_file_message(bot, removed)
        key = "resource.removed" if deleted else "resource.removed_message_left"
        await send_private(interaction, t(key, await answer_language(interaction), id=removed.id))
