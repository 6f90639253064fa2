"""One-thing bundles (一件事): several catalogue items applied for with one form and one set
of materials, their department steps running in parallel; project approval; batch pickup."""
