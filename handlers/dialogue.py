"""Dialogues as declared objects, in the spirit of python-telegram-bot's ConversationHandler but
without I/O: each dialogue file ends with ONE declaration,

    DIALOGUE = register(Dialogue(
        name="pause",                                     # the flow stored with the conversation
        entries={T.W_PAUSE: Entry(start, Action.PAUSE_REMINDERS)},   # command word -> entry
        steps={"until": on_until},                        # step name -> step
        data=PauseData,                                   # the dataclass stored as JSON
        reask=reask,                                      # repeats the question after help/sticker
    ))

An entry is ``start(ctx) -> Turn``; a step is ``step(ctx, text, data) -> Turn``. Both RETURN where
the dialogue goes on: ``Turn(replies, Next("step", data))``, or no conversation to end it. Who may
use an entry word comes from models.permissions (the entry names its Action), and so does the order
of the help menu. A dialogue declared ``needs_open_period`` has the period stored in its data
(``data.period``, ISO month) checked before any step runs: a missing or closed period is refused
with the usual texts and the dialogue ends. The router handles the fallbacks (ยกเลิก, ช่วยเหลือ).

Every module of the handlers package is imported once by ``discover`` (the router calls it), so a
new dialogue is one new file: its declaration registers it. Registering the same name or word twice
raises at once.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from handlers import texts as T
from handlers.context import Context, refusal
from handlers.messages import Conversation, Next, Reply, Turn
from models import conversations
from models.permissions import MENU, Action, role_may

Start = Callable[[Context], Turn]
Step = Callable[[Context, str, Any], Turn]
Reask = Callable[[Context, str, Any], list[Reply]]
Given = Callable[[Context, str | None, str], Turn]  # (ctx, the phrase's argument, what followed it)


@dataclass
class NoData:
    """The data of a dialogue that needs none."""


@dataclass(frozen=True)
class Entry:
    """A command word's entry: what it starts, the Action the user must be allowed, and whether
    ช่วยเหลือ lists it (one listed word per Action, in the role's menu order)."""

    start: Start
    action: Action
    menu: bool = True
    slow: bool = False  # may take more than about a second: the webhook starts LINE's loading first
    # Reads what was typed with the word (handlers/phrases.py): "ตป.๑ ธ.ค. 69" gives the kind and
    # the month to ขอรายงาน. Without it the entry starts only on its phrases alone.
    given: Given | None = None
    listed: bool = True  # ช่วยเหลือ lists it (with its line in T.HELP_LINES) for the roles that may use it


@dataclass(frozen=True)
class Dialogue:
    name: str
    entries: Mapping[str, Entry]
    steps: Mapping[str, Step] = field(default_factory=dict)
    data: type = NoData
    reask: Reask | None = None
    needs_open_period: bool = False
    cancelled: str = T.CANCELLED_PLAIN  # the answer to ยกเลิก inside the dialogue
    slow_steps: frozenset[str] = frozenset()  # steps whose answer may take more than about a second

    def begin(self, ctx: Context, word: str, arg: str | None = None, rest: str = "") -> Turn:
        """The entry of ``word``; with what came with it (a phrase's argument, the text after it)
        for an entry that reads it."""
        entry = self.entries[word]
        if entry.given is not None and (arg is not None or rest):
            return self._settle(entry.given(ctx, arg, rest))
        return self._settle(entry.start(ctx))

    def run(self, ctx: Context, step: str, text: str, data: Any) -> Turn:
        """One answer: the period guard when declared, then the step."""
        if self.needs_open_period:
            answer = refusal(ctx.stored_period(data.period))
            if answer is not None:
                return answer
        return self._settle(self.steps[step](ctx, text, data))

    def repeat(self, ctx: Context, conv: Conversation) -> list[Reply] | None:
        """The current question again (after help, a sticker or an image), if the dialogue has one."""
        return self.reask(ctx, conv.step, conv.data) if self.reask is not None else None

    def restore(self, step: str | None, raw: dict[str, Any] | None) -> Conversation | None:
        """The stored conversation, typed; None when the step is gone or the data does not fit
        (saved by an older version): the user is then answered as outside any dialogue."""
        if step not in self.steps:
            return None
        data = conversations.from_json(self.data, raw or {})
        return None if data is None else Conversation(self.name, step, data)

    def _settle(self, turn: Turn) -> Turn:
        if isinstance(turn.conversation, Next):
            nxt = turn.conversation
            if nxt.step not in self.steps:
                raise KeyError(f"dialogue {self.name} has no step {nxt.step}")
            turn.conversation = Conversation(
                self.name, nxt.step, nxt.data if nxt.data is not None else self.data()
            )
        return turn


class DuplicateDialogue(ValueError):
    """Two dialogues declare the same name or command word."""


class Registry:
    def __init__(self) -> None:
        self._dialogues: dict[str, Dialogue] = {}
        self._words: dict[str, Dialogue] = {}
        self._menu_words: dict[Action, str] = {}

    def add(self, dialogue: Dialogue) -> Dialogue:
        if dialogue.name in self._dialogues:
            raise DuplicateDialogue(f"dialogue {dialogue.name!r} is declared twice")
        for word, entry in dialogue.entries.items():
            if word in self._words:
                raise DuplicateDialogue(
                    f"{word!r} starts both {self._words[word].name!r} and {dialogue.name!r}"
                )
            if entry.menu and entry.action in self._menu_words:
                raise DuplicateDialogue(
                    f"{word!r} and {self._menu_words[entry.action]!r} both stand for "
                    f"{entry.action.value} in the menu"
                )
        self._dialogues[dialogue.name] = dialogue
        for word, entry in dialogue.entries.items():
            self._words[word] = dialogue
            if entry.menu:
                self._menu_words[entry.action] = word
        return dialogue

    def dialogue(self, name: str) -> Dialogue | None:
        return self._dialogues.get(name)

    def entry(self, word: str) -> tuple[Dialogue, Entry] | None:
        dialogue = self._words.get(word)
        return None if dialogue is None else (dialogue, dialogue.entries[word])

    def expects_slow(self, text: str, flow: str | None, step: str | None) -> bool:
        """True when answering ``text`` (at ``flow``/``step``) may take more than about a second."""
        found = self.entry(text)
        if found is not None:
            return found[1].slow
        dialogue = self._dialogues.get(flow or "")
        return dialogue is not None and step in dialogue.slow_steps

    def words(self) -> frozenset[str]:
        return frozenset(self._words)

    def given_words(self) -> frozenset[str]:
        """The entry words whose entry reads what is typed after them (Entry.given)."""
        return frozenset(w for w, d in self._words.items() if d.entries[w].given is not None)

    def listed(self, role: str) -> list[str]:
        """Every entry word ช่วยเหลือ explains to a role: its menu first, then every other listed
        entry the role may use, in declaration order."""
        menu = self.menu(role)
        others = [
            word
            for word, d in self._words.items()
            if word not in menu and d.entries[word].listed and role_may(role, d.entries[word].action)
        ]
        return menu + others

    def menu(self, role: str) -> list[str]:
        """The command words ช่วยเหลือ offers a role, in the order models.permissions.MENU gives."""
        return [self._menu_words[action] for action in MENU.get(role, ()) if action in self._menu_words]

    def steps(self) -> Mapping[tuple[str, str], Step]:
        """Every (dialogue, step) there is (tests check stored conversations against it)."""
        return MappingProxyType(
            {(d.name, step): fn for d in self._dialogues.values() for step, fn in d.steps.items()}
        )

    def restore(self, flow: str | None, step: str | None, raw: dict[str, Any] | None) -> Conversation | None:
        dialogue = self._dialogues.get(flow or "")
        return None if dialogue is None else dialogue.restore(step, raw)


REGISTRY = Registry()


def register(dialogue: Dialogue) -> Dialogue:
    """Declare a dialogue (at the end of its file). Raises DuplicateDialogue on a collision."""
    return REGISTRY.add(dialogue)


def discover(package: str = "handlers") -> Registry:
    """Import every module of the package once, so that each dialogue's declaration registers it."""
    root = importlib.import_module(package)
    for module in pkgutil.iter_modules(root.__path__):
        importlib.import_module(f"{package}.{module.name}")
    return REGISTRY
