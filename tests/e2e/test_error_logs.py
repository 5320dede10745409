"""What the error boundary logs about a failed interaction: what it was (type, command, custom_id), never what a
member typed."""

import logging

import pytest

from bot.i18n import t
from localdiscord import FakeDiscord
from tests.e2e.harness import RunningBot, World, ask

CALLBACK = "/interactions/{interaction_id}/{interaction_token}/callback"
SECRET = "geheim-wachtwoord-7Q3X"


async def test_a_failed_form_submit_logs_its_custom_id_but_not_the_text(
    server: FakeDiscord, world: World, running: RunningBot, caplog: pytest.LogCaptureFixture
) -> None:
    await ask(server, world, world.manager_id, "prompt open", question="Welke experimenten?")
    caplog.set_level(logging.ERROR)
    server.inject_fault("POST", CALLBACK, status=403)
    submitted = await server.submit_modal(
        world.guild_id, world.channel_id, world.participant_id, "leerkring:idea:form:1", {"text": f"Idee {SECRET}"}
    )
    answer = await submitted.final_message()
    assert submitted.ephemeral and answer["content"] == t("errors.generic", "nl")
    failures = [r for r in caplog.records if r.name == "bot.ui.boundary"]
    assert len(failures) == 1
    assert "modal_submit" in failures[0].getMessage() and "'leerkring:idea:form:1'" in failures[0].getMessage()
    assert SECRET not in caplog.text
