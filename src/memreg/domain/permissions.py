"""Who may do what, and where: the roles of the register and a custodian's area.

A role grants actions; a custodian's actions hold only inside its area (countries or
regions, as ISO codes); an API token may narrow its owner's actions further. Pure rules:
the web layer asks `may` before a write, services ask `covers` inside the transaction,
where the record's place is known.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from memreg.domain.errors import MemregError
from memreg.domain.vocabulary import Role


class Action(StrEnum):
    PROPOSE = "propose"  # send a proposal to the moderation queue
    EDIT = "edit"  # create, change, retire, restore and revert records directly
    INSPECT = "inspect"  # file inspections and keep maintenance tasks
    MODERATE = "moderate"  # approve or reject proposals
    MERGE = "merge"  # merge duplicates or mark them distinct
    IMPORT = "import"  # bulk loads
    MANAGE_USERS = "manage-users"  # roles, other people's tokens, the audit log


_CUSTODIAN = frozenset({Action.PROPOSE, Action.EDIT, Action.INSPECT, Action.MODERATE})
_REGISTRAR = frozenset(Action) - {Action.MANAGE_USERS}
ROLE_ACTIONS: dict[Role, frozenset[Action]] = {
    Role.PUBLIC: frozenset(),
    Role.CONTRIBUTOR: frozenset({Action.PROPOSE}),
    Role.CUSTODIAN: _CUSTODIAN,
    Role.REGISTRAR: _REGISTRAR,
    Role.ADMIN: frozenset(Action),
}
SCOPED_ROLES = frozenset({Role.CUSTODIAN})


class ForbiddenError(MemregError):
    def __init__(self, detail: str) -> None:
        super().__init__(message=detail, code="forbidden", status=403)


@dataclass(frozen=True)
class Area:
    """Countries (`BY`) and regions (`BY-MI`) a custodian keeps; `None` areas are everywhere."""

    codes: tuple[str, ...]

    def covers(self, country: str | None, region: str | None) -> bool:
        return any(code in (region, country) for code in self.codes if code)

    def describe(self) -> str:
        return ", ".join(self.codes) or "no area"


@dataclass(frozen=True)
class Grant:
    """What one caller may do: the role's actions (narrowed by a token), and where."""

    role: Role
    actions: frozenset[Action]
    area: Area | None  # None: anywhere

    @classmethod
    def of(
        cls, role: Role, areas: tuple[str, ...], token_actions: frozenset[Action] | None = None
    ) -> Grant:
        actions = ROLE_ACTIONS[role]
        if token_actions is not None:
            actions = actions & token_actions
        return cls(role, actions, Area(areas) if role in SCOPED_ROLES else None)

    def may(self, action: Action) -> bool:
        return action in self.actions

    def require(self, action: Action) -> None:
        if not self.may(action):
            raise ForbiddenError(f"the {self.role.value} role may not {action.value} here")

    def require_place(self, country: str | None, region: str | None, what: str) -> None:
        """Refuse a record outside a custodian's area (a record with no place is outside)."""
        if self.area is not None and not self.area.covers(country, region):
            place = region or country or "no country or region"
            raise ForbiddenError(
                f"{what} is in {place}, outside the area this custodian keeps "
                f"({self.area.describe()})"
            )


def parse_actions(values: list[str]) -> frozenset[Action]:
    """Token scopes from their names; a ValueError names the unknown one."""
    known = {a.value: a for a in Action}
    unknown = [v for v in values if v not in known]
    if unknown:
        raise ValueError(f"unknown scope {unknown[0]!r}: use " + ", ".join(a.value for a in Action))
    return frozenset(known[v] for v in values)
