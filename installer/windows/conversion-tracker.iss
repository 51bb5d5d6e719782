; Inno Setup 6 script: a per-user installer for Conversion Tracker (no administrator rights).
; Built by installer/build.py on Windows, which first makes the bundle and the icon:
;   iscc /DAppVersion=0.1.0 installer\windows\conversion-tracker.iss
; Output: installer\dist\conversion-tracker-<version>-setup.exe

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define AppName "Conversion Tracker"
#define Bundle "..\build\dist\conversion-tracker"

[Setup]
AppId={{6C1B7F0E-4E2A-4B8B-9E64-0E3C5F2A9D11}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=Conversion Tracker team
; Per-user install into %LOCALAPPDATA%\Programs: no UAC prompt, Start menu entry for this user.
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
OutputDir=..\dist
OutputBaseFilename=conversion-tracker-{#AppVersion}-setup
SetupIconFile=..\build\icons\conversion-tracker.ico
UninstallDisplayIcon={app}\conversion-tracker-gui.exe
UninstallDisplayName={#AppName}
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
ChangesAssociations=yes
; The user's databases live in %LOCALAPPDATA%\Conversion Tracker and are never removed.

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked
Name: "associate"; Description: "Open .ctdb databases with {#AppName}"; GroupDescription: "File types:"

[Files]
Source: "{#Bundle}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\conversion-tracker-gui.exe"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\conversion-tracker-gui.exe"; Tasks: desktopicon

[Registry]
; HKA is HKEY_CURRENT_USER for a per-user install. The app takes a database as --db PATH.
Root: HKA; Subkey: "Software\Classes\.ctdb\OpenWithProgids"; ValueType: string; ValueName: "ConversionTracker.Database"; ValueData: ""; Flags: uninsdeletevalue; Tasks: associate
Root: HKA; Subkey: "Software\Classes\ConversionTracker.Database"; ValueType: string; ValueName: ""; ValueData: "Conversion Tracker database"; Flags: uninsdeletekey; Tasks: associate
Root: HKA; Subkey: "Software\Classes\ConversionTracker.Database\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\conversion-tracker-gui.exe,0"; Tasks: associate
Root: HKA; Subkey: "Software\Classes\ConversionTracker.Database\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\conversion-tracker-gui.exe"" --db ""%1"""; Tasks: associate

[Run]
Filename: "{app}\conversion-tracker-gui.exe"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent
