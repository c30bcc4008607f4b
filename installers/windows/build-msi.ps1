# Builds target\installer\Parallax-VERSION.msi on Windows: Parallax.exe (the window), parallax-cli.exe
# (the command line), a trimmed runtime, Start menu and desktop shortcuts, .gguf association.
# Needs JDK 17+ and WiX Toolset 3 (candle.exe and light.exe on PATH; JDK 17's jpackage does not use
# WiX 4 or later). Run `mvn -B -q package -DskipTests` first, then from the repository root:
#   powershell -ExecutionPolicy Bypass -File installers\windows\build-msi.ps1 [-Version 1.2.3]
param([string]$Version)
$ErrorActionPreference = 'Stop'
Set-Location (Join-Path $PSScriptRoot '..\..')

if ($env:JAVA_HOME) {
    $jpackage = Join-Path $env:JAVA_HOME 'bin\jpackage.exe'
    $java = Join-Path $env:JAVA_HOME 'bin\java.exe'
} else {
    $jpackage = (Get-Command jpackage.exe).Source
    $java = (Get-Command java.exe).Source
}
if (-not (Test-Path target\parallax.jar) -or -not (Test-Path target\lib)) {
    throw 'target\parallax.jar or target\lib is missing; build them with: mvn -B -q package -DskipTests'
}
if (-not (Get-Command candle.exe -ErrorAction SilentlyContinue) -or -not (Get-Command light.exe -ErrorAction SilentlyContinue)) {
    throw 'WiX Toolset 3 (candle.exe, light.exe) is not on PATH; install it from https://github.com/wixtoolset/wix3/releases'
}

if (-not $Version) {
    $Version = (& $java -jar target\parallax.jar --version | Select-Object -First 1) -replace '^Parallax ', ''
}
$Version = $Version -replace '-.*$', ''

Remove-Item -Recurse -Force target\installer\input, target\installer\Parallax-*.msi -ErrorAction SilentlyContinue
New-Item -ItemType Directory -Force target\installer\input | Out-Null
Copy-Item target\parallax.jar target\installer\input\
Copy-Item -Recurse target\lib target\installer\input\lib

# The upgrade UUID stays the same for every release, so a newer .msi replaces an older install.
& $jpackage '@installers/app-image.jpackage' --type msi --dest target\installer `
    --icon assets\icons\parallax.ico --app-version $Version `
    --file-associations installers\gguf.properties `
    --add-launcher parallax-cli=installers\windows\parallax-cli.properties `
    --win-menu --win-menu-group Parallax --win-shortcut --win-dir-chooser `
    --win-upgrade-uuid 4cf31bdc-8158-45e0-84c4-e8e33494dbc8
if ($LASTEXITCODE -ne 0) {
    throw "jpackage failed with exit code $LASTEXITCODE"
}
Get-ChildItem target\installer\Parallax-*.msi | ForEach-Object { "msi: $($_.FullName)" }
