"""Learning situations: the model, Spirale's pedagogical data, the proposer and the spiral declension."""

from .model import (
    LEVELS,
    Channel,
    CompanyContext,
    Lever,
    Market,
    Modality,
    Scenario,
    ScenarioTask,
    parse_scenario,
    scenario_json_schema,
    write_scenario_schema,
)
from .pedagogy import Archetype, LeverTemplate, Pedagogy, PedagogyError, load_pedagogy
from .proposer import Proposal, UnsatisfiableError, propose
from .spiral import decline

__all__ = [
    "LEVELS",
    "Archetype",
    "Channel",
    "CompanyContext",
    "Lever",
    "LeverTemplate",
    "Market",
    "Modality",
    "Pedagogy",
    "PedagogyError",
    "Proposal",
    "Scenario",
    "ScenarioTask",
    "UnsatisfiableError",
    "decline",
    "load_pedagogy",
    "parse_scenario",
    "propose",
    "scenario_json_schema",
    "write_scenario_schema",
]
