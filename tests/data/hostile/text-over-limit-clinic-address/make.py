from pathlib import Path


def make(ws: Path) -> None:
    path = ws / "clinics" / "test.yaml"
    path.parent.mkdir()
    path.write_text("name: Test Clinic\naddress: " + "Main Street " * 1_700 + "\n")
