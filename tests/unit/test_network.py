from bot.clock import ManualClock
from bot.db import Database
from bot.db import profiles as profile_store
from bot.db.profiles import Profile
from bot.domain import signups
from bot.domain.network import Place, SignupCount, network
from bot.municipalities import directory
from tests.follow_up_seed import ORGANISER, seed_follow_up

GUILD, CHANNEL = 1001, 55
QUESTION = "Welke gemeenten willen meedoen met de Thorbecke-experimenten?"


def place(name: str) -> Place:
    found = directory().resolve(name)
    return Place(found.code, found.display_name, True)


async def test_the_network_counts_each_municipality_once_with_current_or_stored_names(
    db: Database, clock: ManualClock
) -> None:
    await seed_follow_up(db, clock, GUILD, CHANNEL)
    beemster = Profile(GUILD, 400, "Beemster", "GM0370")
    await db.write(lambda tx: profile_store.save(tx, beemster, clock.now()))
    draft = await signups.open_call(
        db, clock.now(), guild_id=GUILD, channel_id=CHANNEL, created_by=ORGANISER, question="Concept", closes=None
    )
    assert draft.message_id is None
    closed = await signups.open_call(
        db, clock.now(), guild_id=GUILD, channel_id=CHANNEL, created_by=ORGANISER, question="Oud", closes=None
    )
    await signups.record_message(db, closed.id, 9100)
    await signups.join(db, clock.now(), closed, directory().resolve("Oss"), None, 401)
    await signups.close_call(db, GUILD, closed.id, clock.now())

    found = await network(db, GUILD)
    former = Place("GM0370", "Beemster", False)
    assert found.members == [(place("Zeist"), 2), (former, 1), (place("Lochem"), 1), (place("Meierijstad"), 1)]
    assert found.organisations == [("VNG", 1)]
    assert found.hosts == [(place("Lochem"), 1)]
    assert found.signups == [SignupCount(1, QUESTION, 2)], "open, posted calls only"
    assert found.signed_up == [place("Lochem"), place("Oss"), place("Zeist")], "closed calls' municipalities too"
    assert found.ideas == [(place("Lochem"), 1), (place("Meierijstad"), 1), (place("Zeist"), 1)]
    assert [p.name for p in found.involved] == ["Beemster", "Lochem", "Meierijstad", "Oss", "Zeist"]
    assert found.host_codes == {place("Lochem").code}
    assert (await network(db, GUILD + 1)).involved == []
