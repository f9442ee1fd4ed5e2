//! Back-references inside [`Value`].
//!
//! `Value` has no object identity, so a back-reference reads as a copy of the object it
//! points to. Keeping a finished copy of every reference-tracked object would copy each one
//! again for every tracked object around it: quadratic in the nesting, which a message of
//! nested tracked lists turns into a memory bomb, and which once made the reader refuse what
//! the writer had just written. Instead, from the first reference-tracked object of a message
//! on, the reader keeps a *shadow* of every `Value` it reads: a node holding the value without
//! its children (the shell) and the shadows of its children, shared by reference counting. A
//! container's shadow takes its children's shadows as they are, so the shadow costs one node
//! per value (and one more copy of each string or byte buffer), whatever the nesting. A
//! tracked object's slot keeps its shadow; a back-reference builds its copy from it, charged
//! against the message's copy budget ([`ReadContext::charge_copy`]) before anything is built,
//! and its own shadow is the target's, shared.

use std::rc::Rc;

use crate::context::ReadContext;
use crate::error::{Error, Result};
use crate::value::{Struct, Value};

/// The shadow of one `Value`.
pub(crate) struct Node {
    /// The value without its children: containers empty, struct field values `Null`.
    shell: Value,
    /// The children in wire order: list and set elements, map keys and values alternating,
    /// struct field values.
    children: Vec<Rc<Node>>,
}

/// How many children the shadow of `v` has.
fn child_count(v: &Value) -> usize {
    match v {
        Value::List(items) | Value::Set(items) => items.len(),
        Value::Map(entries) => 2 * entries.len(),
        Value::Struct(s) => s.fields.len(),
        _ => 0,
    }
}

/// `v` without its children.
fn shell_of(v: &Value) -> Value {
    match v {
        Value::List(_) => Value::List(Vec::new()),
        Value::Set(_) => Value::Set(Vec::new()),
        Value::Map(_) => Value::Map(Vec::new()),
        Value::Struct(s) => Value::Struct(Struct {
            ident: s.ident.clone(),
            fields: s
                .fields
                .iter()
                .map(|(n, _)| (n.clone(), Value::Null))
                .collect(),
            def: s.def.clone(),
        }),
        leaf => leaf.clone(),
    }
}

/// Where the shadows of a value about to be read will start on the stack, if the reader keeps
/// shadows (the message has had a reference-tracked object).
#[inline]
pub(crate) fn base(ctx: &mut ReadContext<'_, '_>) -> Option<usize> {
    ctx.value_shadow().map(|s| s.len())
}

/// Pushes the shadow of `v`, just read, whose children's shadows lie on the stack from `base`.
#[inline(never)]
pub(crate) fn push(ctx: &mut ReadContext<'_, '_>, v: &Value, base: usize) {
    let Some(stack) = ctx.value_shadow() else {
        return;
    };
    let children = stack.split_off(base.min(stack.len()));
    let node = if children.len() == child_count(v) {
        Node {
            shell: shell_of(v),
            children,
        }
    } else {
        // Not reached (every child pushes exactly one shadow); a full copy is still correct.
        Node {
            shell: v.clone(),
            children: Vec::new(),
        }
    };
    stack.push(Rc::new(node));
}

/// Pushes the shadow of a value read without a body (a null).
#[inline(never)]
pub(crate) fn push_leaf(ctx: &mut ReadContext<'_, '_>, v: &Value) {
    if let Some(stack) = ctx.value_shadow() {
        stack.push(Rc::new(Node {
            shell: v.clone(),
            children: Vec::new(),
        }));
    }
}

/// Keeps the shadow of the value just read (the top of the stack) for ref id `slot`.
#[inline(never)]
pub(crate) fn store(ctx: &mut ReadContext<'_, '_>, slot: u32) {
    let top = ctx.value_shadow().and_then(|s| s.last().cloned());
    if let Some(node) = top {
        ctx.store_ref(slot, Box::new(node));
    }
}

/// A copy of the object ref id `id` points to: its size and nesting are checked against the
/// copy budget and the depth limit first, so nothing is built that would be refused.
#[inline(never)]
pub(crate) fn back_ref(ctx: &mut ReadContext<'_, '_>, at: usize, id: u32) -> Result<Value> {
    if let Some((type_id, body_at)) = ctx.body_ref(id) {
        // A temporal value a typed field read before this value: read it again (reading a
        // `Value` leaves its own shadow).
        ctx.charge_copy(at, std::mem::size_of::<Value>())?;
        return ctx.reread_body(type_id, body_at);
    }
    if let Some(buf) = ctx.binary_ref(id) {
        // A buffer a typed field read (and kept) before this value.
        let bytes = buf.bytes.to_vec();
        ctx.charge_copy(at, std::mem::size_of::<Value>() + bytes.len())?;
        let v = Value::Binary(bytes);
        push_leaf(ctx, &v);
        return Ok(v);
    }
    let node = ctx.get_ref::<Rc<Node>>(id).cloned().ok_or_else(|| {
        Error::invalid(
            at,
            format!("reference {id} points to an object still being read"),
        )
    })?;
    let limit = ctx.config().max_depth;
    let levels_left = limit.saturating_sub(ctx.depth());
    let budget = ctx.copy_budget_left();
    let cost = match measure(&node, levels_left, budget) {
        Ok(cost) => cost,
        Err(Exceeded::Depth) => return Err(Error::DepthLimit { at, limit }),
        // Charging more than is left reports the budget error.
        Err(Exceeded::Budget) => budget.saturating_add(1),
    };
    ctx.charge_copy(at, cost)?;
    if let Some(stack) = ctx.value_shadow() {
        stack.push(node.clone());
    }
    Ok(build(&node))
}

enum Exceeded {
    Depth,
    Budget,
}

/// The copy cost of the value `node` shadows, stopping as soon as it passes `budget` (so that
/// a chain of references that doubles at every step costs no more time than the budget) or
/// nests more than `levels` levels deep, counted as the reader counts them.
fn measure(node: &Node, levels: u32, budget: usize) -> std::result::Result<usize, Exceeded> {
    let mut cost = std::mem::size_of::<Value>() + own_cost(&node.shell);
    if cost > budget {
        return Err(Exceeded::Budget);
    }
    let is_level = match node.shell {
        Value::List(_) | Value::Set(_) => !node.children.is_empty(),
        Value::Map(_) | Value::Struct(_) => true,
        _ => false,
    };
    let levels = if is_level {
        levels.checked_sub(1).ok_or(Exceeded::Depth)?
    } else {
        levels
    };
    for child in &node.children {
        cost += measure(child, levels, budget - cost)?;
        if cost > budget {
            return Err(Exceeded::Budget);
        }
    }
    Ok(cost)
}

/// The bytes a copy of a shell allocates beyond the `Value` itself.
fn own_cost(shell: &Value) -> usize {
    match shell {
        Value::String(s) => s.len(),
        Value::Binary(b) => b.len(),
        Value::Array(a) => a.byte_len(),
        Value::NdArray(a) => a.data.len() + 8 * a.shape.len(),
        Value::Struct(s) => s.fields.iter().map(|(n, _)| n.len()).sum(),
        Value::Decimal(d) => d.magnitude_le().len(),
        _ => 0,
    }
}

/// The value `node` shadows.
fn build(node: &Node) -> Value {
    let mut children = node.children.iter().map(|c| build(c));
    match &node.shell {
        Value::List(_) => Value::List(children.collect()),
        Value::Set(_) => Value::Set(children.collect()),
        Value::Map(_) => {
            let mut entries = Vec::with_capacity(node.children.len() / 2);
            while let (Some(k), Some(v)) = (children.next(), children.next()) {
                entries.push((k, v));
            }
            Value::Map(entries)
        }
        Value::Struct(s) => Value::Struct(Struct {
            ident: s.ident.clone(),
            fields: s
                .fields
                .iter()
                .map(|(n, _)| (n.clone(), children.next().unwrap_or(Value::Null)))
                .collect(),
            def: s.def.clone(),
        }),
        leaf => leaf.clone(),
    }
}
