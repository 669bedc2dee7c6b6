#!/usr/bin/env python3
"""Convert the real CT samples shipped in two Debian packages into ctsieve's bundled samples.

Inputs (unpacked with `dpkg -x` by make-samples.sh):
  * invesalius-examples: examples/Cranium.inv3, a gzipped tar holding main.plist and matrix.dat
    (little-endian int16, shape and spacing in main.plist, values in HU).
  * python3-imageio: imageio/resources/images/stent.npz, array arr_0 (int16 slices x rows x cols).

Outputs (in --out, normally public/samples/):
  head-ct.nii.gz, stent-cta.nii.gz, head-ct-dicom/IM0001.dcm..., index.json, PROVENANCE.md.

Conventions (the same for every sample, so the app and CLI see one layout):
  * A volume is an int16 array vol[slice][row][col] in HU; slice 0 is the most inferior slice.
  * Voxel (k, r, c) sits at the DICOM (LPS) position
        (x0 + c * dx, y0 + r * dy, k * dz),  x0 = -dx * (cols - 1) / 2,  y0 = -dy * (rows - 1) / 2
    i.e. ImageOrientationPatient 1\\0\\0\\0\\1\\0 (row 0 anterior, column 0 patient right) and
    ImagePositionPatient z = k * dz. The NIfTI affine is the same mapping in RAS (x and y negated).
  * NIfTI stores i = column, j = row, k = slice, so the file's voxel bytes are vol in C order.
  * voxelSha256 = sha256 of vol as int16 little-endian bytes in that order (as `ctsieve info`).

Determinism: gzip headers carry mtime 0 and no file name; every DICOM UID comes from
pydicom.uid.generate_uid with fixed entropy sources; no dates or times are written.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import io
import json
import plistlib
import sys
import tarfile
from dataclasses import dataclass, field
from pathlib import Path

import nibabel as nib
import numpy as np
import pydicom
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.uid import ExplicitVRLittleEndian, generate_uid

CT_IMAGE_STORAGE = "1.2.840.10008.5.1.4.1.1.2"
UID_ENTROPY_ROOT = "ctsieve-samples/1"
PATIENT_NAME = "Anonymous^HeadCT"
PATIENT_ID = "CTSIEVE-SAMPLE"
STENT_SPACING_MM = (1.0, 1.0, 1.0)
# A CT-angiography display window chosen by us (the source stores none): contrast-filled aorta
# (~250-500 HU) and the stent struts/bone stay distinguishable.
STENT_WINDOW = (300.0, 800.0)


@dataclass
class Sample:
    """One converted volume plus everything index.json and PROVENANCE.md say about it."""

    name: str
    title: str
    description: str
    vol: np.ndarray  # int16 [slice][row][col], HU
    spacing: tuple[float, float, float]  # (x = column spacing, y = row spacing, z = slice spacing) mm
    window: tuple[float, float] | None  # (center, width)
    window_note: str
    licence: str
    source: dict
    changes: list[str]
    assumptions: list[str] = field(default_factory=list)
    body_part: str = ""  # DICOM BodyPartExamined


def ds_number(value: float) -> str:
    """Format a number for a DICOM DS value (<= 16 characters, no trailing zeros)."""
    text = f"{value:.10g}"
    if text == "-0":
        text = "0"
    if len(text) > 16:
        raise ValueError(f"DS value {value} does not fit 16 characters")
    return text


def rounded(value: float) -> float:
    """The value as written into DICOM, so NIfTI and DICOM geometry agree exactly."""
    return float(ds_number(value))


def origin_lps(sample: Sample) -> tuple[float, float]:
    """(x0, y0): LPS position of column 0 / row 0, centring the slice on the z axis."""
    _, rows, cols = sample.vol.shape
    dx, dy, _ = sample.spacing
    return rounded(-dx * (cols - 1) / 2), rounded(-dy * (rows - 1) / 2)


def ras_affine(sample: Sample) -> np.ndarray:
    """NIfTI voxel (i=col, j=row, k=slice) -> RAS mm; LPS -> RAS negates x and y."""
    dx, dy, dz = (rounded(s) for s in sample.spacing)
    x0, y0 = origin_lps(sample)
    return np.array(
        [[-dx, 0, 0, -x0], [0, -dy, 0, -y0], [0, 0, dz, 0], [0, 0, 0, 1]], dtype=np.float64
    )


def voxel_sha256(vol: np.ndarray) -> str:
    return hashlib.sha256(vol.astype("<i2", copy=False).tobytes(order="C")).hexdigest()


def file_sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# ---------------------------------------------------------------------------------------------
# Sources


def read_inv3(inv3: Path) -> tuple[np.ndarray, dict]:
    """Read matrix.dat and main.plist from an InVesalius .inv3 project (a gzipped tar)."""
    with tarfile.open(inv3, "r:gz") as tar:
        members = {Path(m.name).name: m for m in tar.getmembers() if m.isfile()}
        for needed in ("main.plist", "matrix.dat"):
            if needed not in members:
                raise SystemExit(f"{inv3}: no {needed} inside the project archive")
        plist = plistlib.loads(tar.extractfile(members["main.plist"]).read())
        matrix = plist["matrix"]
        if matrix["dtype"] != "int16":
            raise SystemExit(f"{inv3}: matrix dtype is {matrix['dtype']}, expected int16")
        raw = tar.extractfile(members[matrix["filename"]]).read()
    shape = tuple(int(n) for n in matrix["shape"])
    if len(raw) != 2 * int(np.prod(shape)):
        raise SystemExit(f"{inv3}: matrix.dat has {len(raw)} bytes, shape {shape} needs {2 * np.prod(shape)}")
    return np.frombuffer(raw, dtype="<i2").reshape(shape), plist


def head_sample(inv3: Path, package: dict) -> Sample:
    matrix, plist = read_inv3(inv3)
    # InVesalius keeps slices in VTK image order, whose row 0 is the *bottom* of the displayed
    # image: shown row 0 at the top, the nose points down and the head rest is above the skull.
    # Reversing the rows restores the DICOM convention (row 0 = anterior, head upright).
    vol = np.ascontiguousarray(matrix[:, ::-1, :]).astype(np.int16)
    sx, sy, sz = (float(s) for s in plist["spacing"])
    window = (float(plist["window_level"]), float(plist["window_width"]))
    return Sample(
        name="head-ct",
        body_part="HEAD",
        title="Head CT (InVesalius example 'Cranium')",
        description=(
            f"Axial head CT, {vol.shape[0]} slices of {vol.shape[1]}x{vol.shape[2]}, "
            f"{sx:.4g} x {sy:.4g} x {sz:.4g} mm, skull base to vertex, HU "
            f"{int(vol.min())}..{int(vol.max())}."
        ),
        vol=vol,
        spacing=(sx, sy, sz),
        window=window,
        window_note="from main.plist (window_level / window_width)",
        licence="GPL-2.0-only",
        source={**package, "file": "examples/Cranium.inv3 (matrix.dat, main.plist)",
                "originalName": plist.get("name", "")},
        changes=[
            "format conversion (InVesalius project -> NIfTI-1 / DICOM), voxel values unchanged",
            "rows reversed (matrix[:, ::-1, :]): InVesalius stores VTK bottom-up rows; after the "
            "flip row 0 is anterior and axial slices display upright",
        ],
        assumptions=[
            "slice 0 is the most inferior slice (checked visually: jaw at slice 0, vertex at the last)",
            "column 0 is the patient's right (radiological display); left/right cannot be verified "
            "from a symmetric head and is not recorded in the project",
            "slice positions are evenly spaced at the plist's z spacing; the original scan's "
            "gantry tilt, if any, is not recorded",
        ],
    )


def stent_sample(npz: Path, package: dict) -> Sample:
    with np.load(npz) as data:
        if "arr_0" not in data.files:
            raise SystemExit(f"{npz}: no arr_0 array (found {data.files})")
        vol = np.ascontiguousarray(data["arr_0"]).astype(np.int16)
    if vol.ndim != 3:
        raise SystemExit(f"{npz}: arr_0 has shape {vol.shape}, expected slices x rows x cols")
    return Sample(
        name="stent-cta",
        title="Abdominal CT angiogram with aortic stent (imageio 'stent')",
        description=(
            f"Cropped CT angiogram of an abdominal aorta with a stent graft, {vol.shape[0]} slices "
            f"of {vol.shape[1]}x{vol.shape[2]}, HU {int(vol.min())}..{int(vol.max())} (negative HU "
            "clipped to 0 upstream); spacing not stored, assumed 1 mm isotropic."
        ),
        vol=vol,
        spacing=STENT_SPACING_MM,
        window=STENT_WINDOW,
        window_note="chosen by ctsieve (the source stores none)",
        licence="BSD-2-Clause",
        source={**package, "file": "imageio/resources/images/stent.npz (arr_0)"},
        changes=[
            "format conversion (npz -> NIfTI-1), voxel values and order unchanged",
            "negative HU were already clipped to 0 upstream (not by us)",
        ],
        assumptions=[
            "voxel spacing 1 x 1 x 1 mm (the source stores none)",
            "axial slices, row 0 anterior (checked visually: aorta above the vertebra), slice 0 "
            "the most inferior (iliac bifurcation at low indices), column 0 the patient's right "
            "(not verifiable)",
        ],
    )


# ---------------------------------------------------------------------------------------------
# Writers


def write_nifti(sample: Sample, path: Path) -> None:
    """NIfTI-1 (.nii.gz), int16, scl_slope 1 / scl_inter 0, qform = sform = scanner RAS."""
    header = nib.Nifti1Header()
    header.set_data_dtype(np.int16)
    header.set_slope_inter(1.0, 0.0)
    header.set_xyzt_units("mm", "sec")
    spacing = "x".join(ds_number(s) for s in sample.spacing)
    descrip = f"ctsieve sample {sample.name}; spacing {spacing} mm"
    if sample.name == "stent-cta":
        descrip += " (assumed)"
    header["descrip"] = descrip.encode("ascii")[:79]
    if sample.window:
        center, width = sample.window
        header["cal_min"], header["cal_max"] = center - width / 2, center + width / 2
    affine = ras_affine(sample)
    # NIfTI axes i, j, k = column, row, slice; nibabel writes Fortran order, so the bytes on disk
    # are vol in C order ([slice][row][col]).
    image = nib.Nifti1Image(sample.vol.transpose(2, 1, 0), affine, header)
    image.set_qform(affine, code=1)
    image.set_sform(affine, code=1)
    path.write_bytes(gzip.compress(image.to_bytes(), compresslevel=9, mtime=0))


def uid(*parts: str) -> str:
    return generate_uid(entropy_srcs=[UID_ENTROPY_ROOT, *parts])


def dicom_slice(sample: Sample, k: int, series: dict) -> Dataset:
    """One CT Image Storage instance for slice k (signed int16, rescale 1/0)."""
    _, rows, cols = sample.vol.shape
    dx, dy, dz = sample.spacing
    x0, y0 = origin_lps(sample)
    sop_uid = uid(sample.name, "sop", str(k))

    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = CT_IMAGE_STORAGE
    meta.MediaStorageSOPInstanceUID = sop_uid
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    meta.ImplementationClassUID = uid("implementation")
    meta.ImplementationVersionName = "CTSIEVE_SMPL_1"

    ds = Dataset()
    ds.file_meta = meta
    ds.is_little_endian, ds.is_implicit_VR = True, False
    ds.SpecificCharacterSet = "ISO_IR 100"
    ds.ImageType = ["DERIVED", "SECONDARY", "AXIAL"]
    ds.SOPClassUID = CT_IMAGE_STORAGE
    ds.SOPInstanceUID = sop_uid
    ds.StudyDate, ds.StudyTime, ds.AccessionNumber = "", "", ""
    ds.Modality = "CT"
    ds.Manufacturer = ""
    ds.ReferringPhysicianName = ""
    ds.StudyDescription = "ctsieve sample"
    ds.SeriesDescription = sample.title
    ds.PatientName = PATIENT_NAME
    ds.PatientID = PATIENT_ID
    ds.PatientBirthDate, ds.PatientSex = "", ""
    ds.BodyPartExamined = sample.body_part
    ds.KVP = ""
    ds.SliceThickness = ds_number(dz)
    ds.PatientPosition = "HFS"
    ds.StudyInstanceUID = series["study"]
    ds.SeriesInstanceUID = series["series"]
    ds.StudyID = "1"
    ds.SeriesNumber = 1
    ds.AcquisitionNumber = 1
    ds.InstanceNumber = k + 1
    ds.ImagePositionPatient = [ds_number(x0), ds_number(y0), ds_number(k * dz)]
    ds.ImageOrientationPatient = ["1", "0", "0", "0", "1", "0"]
    ds.FrameOfReferenceUID = series["frame"]
    ds.PositionReferenceIndicator = ""
    ds.SliceLocation = ds_number(k * dz)
    ds.SamplesPerPixel = 1
    ds.PhotometricInterpretation = "MONOCHROME2"
    ds.Rows, ds.Columns = rows, cols
    ds.PixelSpacing = [ds_number(dy), ds_number(dx)]  # row spacing \ column spacing
    ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 16, 16, 15, 1
    if sample.window:
        ds.WindowCenter, ds.WindowWidth = ds_number(sample.window[0]), ds_number(sample.window[1])
    ds.RescaleIntercept, ds.RescaleSlope, ds.RescaleType = "0", "1", "HU"
    ds.PixelData = sample.vol[k].astype("<i2").tobytes()
    return ds


def write_dicom_series(sample: Sample, folder: Path) -> list[str]:
    """One file per slice, IM0001.dcm..., InstanceNumber = slice index + 1."""
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.dcm"):
        old.unlink()
    series = {
        "study": uid(sample.name, "study"),
        "series": uid(sample.name, "series"),
        "frame": uid(sample.name, "frame-of-reference"),
    }
    names = []
    for k in range(sample.vol.shape[0]):
        name = f"IM{k + 1:04d}.dcm"
        dicom_slice(sample, k, series).save_as(folder / name, write_like_original=False)
        names.append(name)
    return names


# ---------------------------------------------------------------------------------------------
# Checks: read every output back with nibabel / pydicom and compare with the source voxels.


def check_nifti(sample: Sample, path: Path) -> str:
    image = nib.load(str(path))
    data = np.asarray(image.dataobj)
    back = data.transpose(2, 1, 0)
    assert image.get_data_dtype() == np.int16, f"{path}: dtype {image.get_data_dtype()}"
    # nibabel moves scaling from the loaded header into dataobj, so read the raw header too.
    raw = nib.Nifti1Header.from_fileobj(io.BytesIO(gzip.decompress(path.read_bytes())[:348]))
    assert raw["scl_slope"] == 1 and raw["scl_inter"] == 0, f"{path}: scl_slope/scl_inter not 1/0"
    assert raw["vox_offset"] == 352, f"{path}: vox_offset {raw['vox_offset']}"
    assert np.array_equal(back, sample.vol), f"{path}: voxels differ from the source"
    zooms = tuple(float(z) for z in image.header.get_zooms())
    assert np.allclose(zooms, sample.spacing, atol=1e-6), f"{path}: pixdim {zooms}"
    assert np.allclose(image.affine, ras_affine(sample), atol=1e-4), f"{path}: affine"
    codes = nib.aff2axcodes(image.affine)
    return (f"{path.name}: nibabel shape {data.shape} dtype {data.dtype} zooms {zooms} "
            f"axcodes {''.join(codes)} voxels == source: True sha256 {voxel_sha256(back)}")


def check_dicom(sample: Sample, folder: Path, names: list[str]) -> str:
    datasets = [pydicom.dcmread(folder / n) for n in names]
    datasets.sort(key=lambda d: float(d.ImagePositionPatient[2]))
    vol = np.stack([d.pixel_array.astype(np.int16) * int(d.RescaleSlope) + int(d.RescaleIntercept)
                    for d in datasets])
    assert [int(d.InstanceNumber) for d in datasets] == list(range(1, len(names) + 1))
    assert len({d.SOPInstanceUID for d in datasets}) == len(names), "SOPInstanceUIDs not unique"
    assert len({d.SeriesInstanceUID for d in datasets}) == 1, "more than one series"
    assert all(d.file_meta.TransferSyntaxUID == ExplicitVRLittleEndian for d in datasets)
    assert np.array_equal(vol, sample.vol), f"{folder}: voxels differ from the source"
    first = datasets[0]
    return (f"{folder.name}/: pydicom {len(datasets)} files, {first.Rows}x{first.Columns}, "
            f"PixelSpacing {list(first.PixelSpacing)} SliceThickness {first.SliceThickness}, "
            f"z {datasets[0].ImagePositionPatient[2]}..{datasets[-1].ImagePositionPatient[2]}, "
            f"voxels == source: True sha256 {voxel_sha256(vol)}")


# ---------------------------------------------------------------------------------------------
# index.json and PROVENANCE.md


def index_entry(sample: Sample, name: str, fmt: str, out: Path, files: list[str],
                folder: str | None = None) -> dict:
    """One index.json record; `folder` + `files` for a DICOM series (browsers cannot list folders)."""
    paths = [out / folder / f for f in files] if folder else [out / f for f in files]
    title = sample.title + (", DICOM series" if fmt == "dicom" else "")
    entry: dict = {"name": name, "title": title}
    if folder:
        entry["folder"], entry["files"] = folder, files
    else:
        entry["file"] = files[0]
    slices, rows, cols = sample.vol.shape
    entry.update({
        "format": fmt,
        "description": sample.description,
        "slices": slices, "rows": rows, "cols": cols,
        "spacing": [round(s, 7) for s in sample.spacing],
        "spacingAssumed": sample.name == "stent-cta",
        "window": {"center": sample.window[0], "width": sample.window[1]} if sample.window else None,
        "voxelSha256": voxel_sha256(sample.vol),
        "bytes": sum(p.stat().st_size for p in paths),
        "licence": sample.licence,
        "source": sample.source,
    })
    return entry


def window_text(sample: Sample) -> str:
    if not sample.window:
        return "none"
    center, width = sample.window
    return f"center {center:g} / width {width:g} HU ({sample.window_note})"


def provenance_markdown(samples: list[tuple[Sample, dict]], checks: list[str]) -> str:
    lines = [
        "# Bundled CT samples: provenance",
        "",
        "Generated by `scripts/samples/make-samples.sh` (see docs/samples.md); do not edit by hand.",
        "All samples are real CT data published by their upstreams and redistributed by Debian.",
        "ctsieve only converts formats (and fixes InVesalius' row order); no voxel value changes.",
        "",
        "Layout shared by every sample: int16 HU, voxel (slice k, row r, col c); slice 0 most",
        "inferior; DICOM orientation 1\\0\\0\\0\\1\\0 (row 0 anterior, column 0 patient right);",
        "ImagePositionPatient = (x0, y0, k * dz) with x0, y0 centring the slice; the NIfTI affine",
        "is the same mapping in RAS (nibabel axis codes LPS), qform_code = sform_code = 1.",
        "`voxelSha256` = sha256 of the voxels as int16 little-endian in slice, row, column order",
        "(what `ctsieve info --json` reports).",
        "",
    ]
    for sample, entry in samples:
        src = sample.source
        where = f"`{entry['folder']}/` ({len(entry['files'])} files)" if "folder" in entry else f"`{entry['file']}`"
        lines += [
            f"## {entry['name']}",
            "",
            f"- Output: {where}, {entry['format']}, {entry['bytes']} bytes",
            f"- Title: {entry['title']}",
            f"- Debian package: `{src['debianPackage']}` {src['version']} ({src['debianSource']})",
            f"- Upstream: {src['upstream']}",
            f"- Source file in the package: `{src['file']}`",
            f"- Licence: {entry['licence']}",
            f"- Volume: {entry['slices']} slices x {entry['rows']} rows x {entry['cols']} cols, "
            f"spacing x/y/z {entry['spacing']} mm{' (assumed)' if entry['spacingAssumed'] else ''}",
            f"- Window: {window_text(sample)}",
            f"- voxelSha256: `{entry['voxelSha256']}`",
            "- Changes: " + "; ".join(sample.changes),
        ]
        if sample.assumptions:
            lines.append("- Assumptions: " + "; ".join(sample.assumptions))
        if entry["format"] == "dicom":
            lines.append(
                "- DICOM: CT Image Storage, explicit VR little endian, uncompressed, signed int16 "
                "(PixelRepresentation 1, RescaleSlope 1, RescaleIntercept 0), PatientName "
                f"`{PATIENT_NAME}`, PatientID `{PATIENT_ID}` (synthetic), no dates; UIDs from "
                f"pydicom.uid.generate_uid with entropy sources [`{UID_ENTROPY_ROOT}`, sample, role, index]"
            )
        lines.append("")
    lines += ["## Read-back check (nibabel / pydicom) from the last generation", "", "```", *checks, "```", ""]
    lines += ["File checksums: `SHA256SUMS` (`cd public/samples && sha256sum -c SHA256SUMS`).", ""]
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------


def parse_args(argv: list[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--inv3", type=Path, required=True, help="path to Cranium.inv3")
    p.add_argument("--npz", type=Path, required=True, help="path to stent.npz")
    p.add_argument("--invesalius-version", required=True)
    p.add_argument("--imageio-version", required=True)
    p.add_argument("--out", type=Path, required=True, help="output folder (public/samples)")
    return p.parse_args(argv)


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    for path in (args.inv3, args.npz):
        if not path.is_file():
            raise SystemExit(f"{path}: not found")
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    head = head_sample(args.inv3, {
        "debianPackage": "invesalius-examples", "version": args.invesalius_version,
        "debianSource": "https://packages.debian.org/source/bookworm/invesalius",
        "upstream": "InVesalius, CTI Renato Archer, https://github.com/invesalius/invesalius3",
    })
    stent = stent_sample(args.npz, {
        "debianPackage": "python3-imageio", "version": args.imageio_version,
        "debianSource": "https://packages.debian.org/source/bookworm/python-imageio",
        "upstream": "imageio standard image 'stent.npz' ('Volumetric image showing a stented abdominal aorta'), "
                    "https://github.com/imageio/imageio, https://github.com/imageio/imageio-binaries",
    })

    write_nifti(head, out / "head-ct.nii.gz")
    write_nifti(stent, out / "stent-cta.nii.gz")
    dicom_names = write_dicom_series(head, out / "head-ct-dicom")

    checks = [
        check_nifti(head, out / "head-ct.nii.gz"),
        check_nifti(stent, out / "stent-cta.nii.gz"),
        check_dicom(head, out / "head-ct-dicom", dicom_names),
    ]
    described = [
        (head, index_entry(head, "head-ct", "nifti", out, ["head-ct.nii.gz"])),
        (stent, index_entry(stent, "stent-cta", "nifti", out, ["stent-cta.nii.gz"])),
        (head, index_entry(head, "head-ct-dicom", "dicom", out, dicom_names, "head-ct-dicom")),
    ]
    index = {"schema": "ctsieve-samples/1", "samples": [entry for _, entry in described]}
    (out / "index.json").write_text(json.dumps(index, indent=2) + "\n")
    (out / "PROVENANCE.md").write_text(provenance_markdown(described, checks))

    produced = ["head-ct.nii.gz", "stent-cta.nii.gz", "index.json", "PROVENANCE.md",
                *(f"head-ct-dicom/{n}" for n in dicom_names)]
    (out / "SHA256SUMS").write_text("".join(f"{file_sha256(out / p)}  {p}\n" for p in produced))
    print("\n".join(checks))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
