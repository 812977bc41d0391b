"""Fixtures of the evaluation tests: a copy of the sample bank and a class of six pupils."""

import shutil

import pytest

from scenario_lib.bank import sample_bank_dir
from scenario_lib.pfmp.pupils import read_class_list
from tests.evaluation.classdata import GRADE, write_class_list


@pytest.fixture
def bank_dir(tmp_path):
    return shutil.copytree(sample_bank_dir(), tmp_path / "banque")


@pytest.fixture
def class_csv(tmp_path):
    return write_class_list(tmp_path / "classe.csv", 6, grade=GRADE)


@pytest.fixture
def pupils(class_csv):
    return read_class_list(class_csv)
