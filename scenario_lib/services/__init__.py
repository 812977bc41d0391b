"""What a teacher does, once: the flows both the command line and the atelier call.

`cli/` only parses arguments and prints; `widgets/` only lays out and reacts to clicks. Each flow here takes
plain values (a bank, a referential, identifiers, documents), fetches what the planners need from the bank,
calls the planners (which never see the bank) and raises French `SpiraleError`s.

- `documents`: fetch by id with the expected type, save against a revision, export in a declared format,
  settle a conflict copy, level labels from the referential.
- `proposals`: propose situations, decline one in spiral.
- `plans`: co-intervention and projet plans: propose, edit, check hours against the bank, save.
- `progressions`: create, place, complete (with the bank's situations), confirm a completion, save.
- `pfmp`: booklets for a class (XLSX, optional PDF by the batch runner), import filled grids, results.
"""
