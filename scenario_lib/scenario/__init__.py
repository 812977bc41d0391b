"""Learning situations: the model, and (in sibling modules) the proposer and the spiral declension."""

from .model import (LEVELS, Channel, CompanyContext, Lever, Market, Modality, Scenario, ScenarioTask,
                    parse_scenario, scenario_json_schema)

__all__ = ["LEVELS", "Channel", "CompanyContext", "Lever", "Market", "Modality", "Scenario", "ScenarioTask",
           "parse_scenario", "scenario_json_schema"]
