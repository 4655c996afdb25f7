"""Dialogues are declared objects: registered once, steps return where they go on, the period
guard declared once, and a conversation the code no longer understands is dropped politely."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from handlers import router
from handlers import texts as T
from handlers.context import Context, Services
from handlers.dialogue import REGISTRY, Dialogue, DuplicateDialogue, Entry, Registry
from handlers.messages import Conversation, Next, Text, Turn
from models.downloads import FileStore
from models.entities import ConversationState, Role, User
from models.periods import period_info
from models.permissions import Action, roles_for
from models.review import set_period_state

OFFICER, CENTRAL = "Uofficer", "Ucentral"
NOW = datetime(2026, 12, 15, 3, 0, tzinfo=UTC)
SERVICES = Services(FileStore("https://tidtam.example"))


@dataclass
class Counted:
    period: str = "2026-12-01"
    n: int = 0


def count(ctx: Context, text: str, data: Counted) -> Turn:
    data.n += 1
    return Turn([Text(str(data.n))], Next("again", data))


def counting(name: str = "counting", word: str = "นับ", **kwargs) -> Dialogue:
    return Dialogue(
        name=name,
        entries={word: Entry(lambda ctx: Turn([], Next("count", Counted())), Action.GET_HELP, menu=False)},
        steps={"count": count, "again": count},
        data=Counted,
        **kwargs,
    )


def test_the_same_word_or_name_registered_twice_is_refused_at_once():
    registry = Registry()
    registry.add(counting())
    with pytest.raises(DuplicateDialogue, match="นับ"):
        registry.add(counting(name="other"))
    with pytest.raises(DuplicateDialogue, match="counting"):
        registry.add(counting(word="นับใหม่"))
    assert registry.entry("นับใหม่") is None  # a refused dialogue leaves nothing behind


def test_two_words_for_one_menu_action_are_refused():
    registry = Registry()
    registry.add(counting())
    twin = Dialogue(name="twin", entries={"อีก": Entry(lambda ctx: Turn([]), Action.GET_HELP)})
    registry.add(twin)  # one menu word for GET_HELP: fine
    with pytest.raises(DuplicateDialogue, match="menu"):
        registry.add(Dialogue(name="third", entries={"สาม": Entry(lambda ctx: Turn([]), Action.GET_HELP)}))


def test_a_step_returns_the_next_state_and_the_dialogue_names_it():
    dialogue = counting()
    ctx = Context(session=None, user=None, now=NOW, services=SERVICES)  # type: ignore[arg-type]  # the step needs neither
    data = Counted()
    turn = dialogue.run(ctx, "count", "x", data)
    assert turn.conversation == Conversation("counting", "again", Counted(n=1))
    assert dialogue.begin(ctx, "นับ").conversation == Conversation("counting", "count", Counted())


def test_a_step_may_not_go_to_a_step_the_dialogue_does_not_declare():
    lost = Dialogue(
        name="lost", entries={}, steps={"a": lambda ctx, text, data: Turn([], Next("nowhere", data))}
    )
    with pytest.raises(KeyError):
        lost.run(Context(session=None, user=None, now=NOW, services=SERVICES), "a", "x", None)  # type: ignore[arg-type]


def test_a_dialogue_needing_an_open_period_refuses_on_a_closed_one(register, db):
    register(CENTRAL, "central", "กผง.")
    central = db.scalar(select(User).where(User.line_user_id == CENTRAL))
    info = period_info(db, date(2026, 12, 1))
    set_period_state(db, central, info, "closed", NOW)
    db.commit()
    guarded = counting(needs_open_period=True)
    turn = guarded.run(
        Context(db, central, NOW, SERVICES), "count", "x", data := Counted(period="2026-12-01")
    )
    assert [r.text for r in turn.replies] == [T.PERIOD_CLOSED.format(month="ธันวาคม 2569")]
    assert turn.conversation is None and data.n == 0  # the step never ran; the dialogue ended
    gone = guarded.run(Context(db, central, NOW, SERVICES), "count", "x", Counted(period="2031-01-01"))
    assert [r.text for r in gone.replies] == [T.NO_PERIOD]
    assert (
        counting().run(Context(db, central, NOW, SERVICES), "count", "x", Counted()).conversation is not None
    )


def test_a_conversation_saved_in_a_shape_no_longer_understood_is_dropped_politely(chat, register, db):
    register(OFFICER)
    chat.says(OFFICER, "รายงาน")
    user = db.scalar(select(User).where(User.line_user_id == OFFICER))
    state = db.get(ConversationState, user.id)
    state.data = {"period": "2026-12-01", "pos": "second"}  # no items, a position that is no number
    db.commit()
    answer = chat.says(OFFICER, "12")
    assert T.ERROR not in answer and T.UNKNOWN in answer
    db.expire_all()
    assert db.get(ConversationState, user.id) is None
    assert "ข้อ 1/" in chat.says(OFFICER, "รายงาน")  # the report starts again where the drafts are


def test_the_help_menu_of_each_role_comes_from_permissions_in_the_same_order():
    assert {role: REGISTRY.menu(role) for role in ("officer", "division", "central", "admin")} == {
        "officer": [T.W_REPORT, T.W_STATUS, T.W_CORRECT, T.W_REQUEST_REPORT, T.W_PAUSE],
        "division": [T.W_REVIEW, T.W_SUMMARY, T.W_STATUS, T.W_REQUEST_REPORT, T.W_PAUSE],
        "central": [T.W_CLOSE, T.W_REVIEW, T.W_STATUS, T.W_REQUEST_REPORT, T.W_REOPEN, T.W_PAUSE, T.W_USERS],
        "admin": [T.W_USERS, T.W_STATUS, T.W_REQUEST_REPORT, T.W_PAUSE],
    }


def test_every_command_word_names_who_may_use_it():
    everyone = frozenset(role.value for role in Role)
    for word in router.COMMANDS:
        found = REGISTRY.entry(word)
        assert found is not None
        roles = roles_for(found[1].action)
        assert roles == everyone or roles in T.WHO_MAY, word
