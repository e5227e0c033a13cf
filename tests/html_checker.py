"""How the tests start the Nu Html Checker (vnu.jar): the command, with JVM options for short runs.

A checker run is a few seconds of work, too short for the JVM's optimising
compiler (C2) and its parallel garbage collector to pay off; they only keep
both cores busy. The quick compiler alone and the serial collector halve the
CPU a run takes (on the 2-core test machine: 4.3 -> 2.2 s for one page,
10.8 -> 4.7 s for the demo site's 190 pages) and change nothing in the report.
"""
from __future__ import annotations

VNU_COMMAND = ["java", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xss2m", "-jar"]
