//! Assessment: from measured figures to checklist indicators and a risk level.
