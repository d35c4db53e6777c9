"""qbcore.taylor: truncated Taylor steps against dense ``expm``."""

import numpy as np
import scipy.linalg as sla

from qbcore.taylor import taylor_plan, taylor_step, taylor_values
from test_expm import random_lindbladian


def test_taylor_values_match_dense_expm_for_a_stiff_generator():
    L, x0, dim = random_lindbladian(4, 7)
    L = 40 * L  # ||L t|| large: many scaled steps
    t = np.array([0.0, 0.01, 0.3])
    values, state, error = taylor_values(L, x0, t, np.eye(dim * dim))
    for i, s in enumerate(t):
        np.testing.assert_allclose(values[:, i], sla.expm(s * L) @ x0, atol=1e-11)
    assert error[0] == 0 and np.all(error[1:] > 0)


def test_one_step_and_the_plan():
    L, x0, dim = random_lindbladian(3, 9)
    plan = taylor_plan(L)
    assert plan.norm1 == np.abs(L).sum(axis=0).max()
    np.testing.assert_allclose(taylor_step(plan, x0, 2.0), sla.expm(2.0 * L) @ x0, atol=1e-12)
    np.testing.assert_array_equal(taylor_step(plan, x0, 0.0), x0)
