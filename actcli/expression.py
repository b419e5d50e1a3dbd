"""User-defined functions from an expression, `expr:x*sigmoid(1.702*x)`, without a plugin.

The text is parsed with `ast` against a whitelist (numbers, `x`, `pi`, `e`, + - * / **, numpy
math and the registry's element-wise functions) and never passed to `eval`. Values and both
derivatives come from forward-mode automatic differentiation on second-order jets (value,
first, second derivative); the mpmath reference evaluates the same tree in arbitrary precision.
"""

from __future__ import annotations

import ast
import math
from collections.abc import Callable
from typing import Any, NamedTuple

import numpy as np

from actcli.definition import REALS, Array, Definition
from actcli.errors import ParameterError

PREFIX = "expr:"


class Jet(NamedTuple):
    """f, f' and f'' of a subexpression at every x."""

    value: Array
    first: Array
    second: Array

    def through(self, f: Array, f1: Array, f2: Array) -> Jet:
        """g(self) by the chain rule, given g, g' and g'' at self.value."""
        return Jet(f, f1 * self.first, f2 * self.first**2 + f1 * self.second)


def _constant(c: float, like: Array) -> Jet:
    zero = np.zeros_like(like)
    return Jet(zero + c, zero, zero)


def _mul(a: Jet, b: Jet) -> Jet:
    return Jet(a.value * b.value, a.first * b.value + a.value * b.first,
               a.second * b.value + 2 * a.first * b.first + a.value * b.second)


def _div(a: Jet, b: Jet) -> Jet:
    q = a.value / b.value
    q1 = (a.first - q * b.first) / b.value
    return Jet(q, q1, (a.second - 2 * q1 * b.first - q * b.second) / b.value)


def _pow(a: Jet, b: Jet, exponent: float | None) -> Jet:
    if exponent is not None:  # a constant power keeps negative bases meaningful: x**3, x**-1
        c = exponent
        return a.through(a.value**c, c * a.value ** (c - 1), c * (c - 1) * a.value ** (c - 2))
    return _unary["exp"](_mul(b, _unary["log"](a)))


def _exp(a: Jet) -> Jet:
    e = np.exp(a.value)
    return a.through(e, e, e)


def _log(a: Jet) -> Jet:
    return a.through(np.log(a.value), 1 / a.value, -1 / a.value**2)


def _sqrt(a: Jet) -> Jet:
    s = np.sqrt(a.value)
    return a.through(s, 0.5 / s, -0.25 / s**3)


def _tan(a: Jet) -> Jet:
    t = np.tan(a.value)
    return a.through(t, 1 + t * t, 2 * t * (1 + t * t))


def _tanh(a: Jet) -> Jet:
    t = np.tanh(a.value)
    return a.through(t, 1 - t * t, -2 * t * (1 - t * t))


def _arctan(a: Jet) -> Jet:
    v = a.value
    return a.through(np.arctan(v), 1 / (1 + v * v), -2 * v / (1 + v * v) ** 2)


_unary: dict[str, Callable[[Jet], Jet]] = {
    "exp": _exp,
    "log": _log,
    "log1p": lambda a: a.through(np.log1p(a.value), 1 / (1 + a.value), -1 / (1 + a.value) ** 2),
    "expm1": lambda a: a.through(np.expm1(a.value), np.exp(a.value), np.exp(a.value)),
    "sqrt": _sqrt,
    "sin": lambda a: a.through(np.sin(a.value), np.cos(a.value), -np.sin(a.value)),
    "cos": lambda a: a.through(np.cos(a.value), -np.sin(a.value), -np.cos(a.value)),
    "tan": _tan,
    "tanh": _tanh,
    "arctan": _arctan,
    "abs": lambda a: a.through(np.abs(a.value), np.sign(a.value), np.zeros_like(a.value)),
}
_binary = {"maximum": np.greater_equal, "minimum": np.less_equal}
_mp_names = {"arctan": "atan", "abs": "fabs"}
_constants = {"pi": math.pi, "e": math.e}


def define(text: str) -> Definition:
    """The Definition of the expression `text` (in x), or a ParameterError saying what is refused."""
    tree = _parse(text)
    canonical = ast.unparse(tree)

    def jet(x: Array) -> Jet:
        with np.errstate(all="ignore"):  # undefined points (log of a negative) become NaN, quietly
            return _evaluate(tree.body, Jet(x, np.ones_like(x), np.zeros_like(x)))

    return Definition(
        name=PREFIX + canonical,
        summary="a user-defined expression",
        formula=canonical,
        grad_formula="automatic differentiation (second-order forward mode)",
        latex=canonical,
        value=lambda x: jet(x).value,
        grad=lambda x: jet(x).first,
        grad2=lambda x: jet(x).second,
        exact=lambda mp, x: _exact(tree.body, mp, x),
        output_range=REALS,
        source="user-defined",
        family="expression",
        smoothness="C0",
        monotonic=False,
        zero_centred=False,
        notes=("Properties of expressions are not analysed: range, monotonicity and smoothness are not claimed.",),
    )


def _parse(text: str) -> ast.Expression:
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except SyntaxError as error:
        raise ParameterError(f"expression {text!r}: not valid syntax ({error.msg})") from None
    callees = {id(node.func) for node in ast.walk(tree) if isinstance(node, ast.Call)}
    for node in ast.walk(tree):
        if id(node) not in callees:
            _check(node, text)
    return tree


def _check(node: ast.AST, text: str) -> None:
    allowed = (ast.Expression, ast.BinOp, ast.UnaryOp, ast.Constant, ast.Name, ast.Call, ast.Load,
               ast.Add, ast.Sub, ast.Mult, ast.Div, ast.Pow, ast.USub, ast.UAdd)
    if not isinstance(node, allowed):
        raise ParameterError(f"expression {text!r}: {type(node).__name__} is not allowed "
                             "(use numbers, x, + - * / **, and functions such as exp or sigmoid)")
    if isinstance(node, ast.Constant) and (isinstance(node.value, bool) or not isinstance(node.value, int | float)):
        raise ParameterError(f"expression {text!r}: only numbers may appear as constants, not {node.value!r}")
    if isinstance(node, ast.Name) and node.id not in ("x", *_constants):
        raise ParameterError(f"expression {text!r}: unknown name {node.id!r} (the variable is x)")
    if isinstance(node, ast.Call):
        if not isinstance(node.func, ast.Name) or node.keywords:
            raise ParameterError(f"expression {text!r}: only plain calls like exp(x) are allowed")
        _function_of(node.func.id, len(node.args), text)


def _function_of(name: str, arity: int, text: str) -> Any:
    """What a call refers to: a numpy function, a two-argument selector, or a registry activation."""
    if name in _unary or name in _binary:
        expected = 2 if name in _binary else 1
        if arity != expected:
            raise ParameterError(f"expression {text!r}: {name} takes {expected} argument(s), not {arity}")
        return name
    from actcli.registry import get

    try:
        activation = get(name)
    except ValueError:
        raise ParameterError(f"expression {text!r}: unknown function {name!r}") from None
    if activation.vector or activation.definition.grad2 is None or arity != 1:
        raise ParameterError(f"expression {text!r}: {name} cannot be used here (one argument, element-wise)")
    return activation


def _evaluate(node: ast.expr, x: Jet) -> Jet:
    if isinstance(node, ast.Constant):
        return _constant(_number(node), x.value)
    if isinstance(node, ast.Name):
        return x if node.id == "x" else _constant(_constants[node.id], x.value)
    if isinstance(node, ast.UnaryOp):
        inner = _evaluate(node.operand, x)
        return Jet(-inner.value, -inner.first, -inner.second) if isinstance(node.op, ast.USub) else inner
    if isinstance(node, ast.BinOp):
        a, b = _evaluate(node.left, x), _evaluate(node.right, x)
        if isinstance(node.op, ast.Add):
            return Jet(a.value + b.value, a.first + b.first, a.second + b.second)
        if isinstance(node.op, ast.Sub):
            return Jet(a.value - b.value, a.first - b.first, a.second - b.second)
        if isinstance(node.op, ast.Mult):
            return _mul(a, b)
        if isinstance(node.op, ast.Div):
            return _div(a, b)
        return _pow(a, b, _constant_value(node.right))
    assert isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
    args = [_evaluate(arg, x) for arg in node.args]
    target = _function_of(node.func.id, len(args), "")
    if isinstance(target, str) and target in _binary:
        pick = _binary[target](args[0].value, args[1].value)
        return Jet(*(np.where(pick, p, q) for p, q in zip(args[0], args[1], strict=False)))
    if isinstance(target, str):
        return _unary[target](args[0])
    v = args[0].value
    return args[0].through(target(v), target.grad(v), target.grad2(v))


def _constant_value(node: ast.expr) -> float | None:
    """The number a subtree stands for when it holds no x (so x**2 differentiates as a power)."""
    if isinstance(node, ast.Constant):
        return _number(node)
    if isinstance(node, ast.UnaryOp) and isinstance(node.operand, ast.Constant):
        value = _number(node.operand)
        return -value if isinstance(node.op, ast.USub) else value
    return None


def _number(node: ast.Constant) -> float:
    assert isinstance(node.value, int | float)  # _check allows no other constant
    return float(node.value)


def _exact(node: ast.expr, mp: Any, x: Any) -> Any:
    if isinstance(node, ast.Constant):
        return mp.mpf(node.value)
    if isinstance(node, ast.Name):
        return x if node.id == "x" else {"pi": mp.pi, "e": mp.e}[node.id]
    if isinstance(node, ast.UnaryOp):
        inner = _exact(node.operand, mp, x)
        return -inner if isinstance(node.op, ast.USub) else inner
    if isinstance(node, ast.BinOp):
        a, b = _exact(node.left, mp, x), _exact(node.right, mp, x)
        operations: dict[type[ast.operator], Callable[[], Any]] = {
            ast.Add: lambda: a + b, ast.Sub: lambda: a - b, ast.Mult: lambda: a * b,
            ast.Div: lambda: a / b, ast.Pow: lambda: a**b}
        return operations[type(node.op)]()
    assert isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
    args = [_exact(arg, mp, x) for arg in node.args]
    name = node.func.id
    if name in _binary:
        return max(args) if name == "maximum" else min(args)
    if name in _unary:
        return getattr(mp, _mp_names.get(name, name))(*args)
    activation = _function_of(name, 1, "")
    return activation.definition.exact(mp, args[0], **activation.params)
