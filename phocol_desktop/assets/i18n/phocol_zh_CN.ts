<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>AdapterDialog</name>
    <message>
        <source>Bluetooth adapter</source>
        <translation>蓝牙适配器</translation>
    </message>
    <message>
        <source>With more than one Bluetooth adapter, choose the one in reach of your printer. “System&apos;s choice” lets the system pick; it may pick a different one each time.</source>
        <translation>如果您有多个蓝牙适配器，请选择能连到您打印机的那一个。“由系统选择”让系统自行决定，每次可能选中不同的适配器。</translation>
    </message>
    <message>
        <source>Adapters</source>
        <translation>适配器</translation>
    </message>
    <message>
        <source>System&apos;s choice</source>
        <translation>由系统选择</translation>
    </message>
    <message>
        <source>{0} (on)</source>
        <translation>{0}（已开启）</translation>
    </message>
    <message>
        <source>{0} (off)</source>
        <translation>{0}（已关闭）</translation>
    </message>
</context>
<context>
    <name>AddRulerPage</name>
    <message>
        <source>Identify the printer and print a width ruler</source>
        <translation>识别打印机并打印宽度标尺</translation>
    </message>
    <message>
        <source>Phocol Desktop asks the printer the two questions every Quyin printer answers (battery and serial number) to learn how it talks, then prints a ruler: one bar per head width, each ending in a notch. A bar wider than the head loses its notch.</source>
        <translation>Phocol Desktop 会向打印机询问每台 Quyin 打印机都能回答的两个问题（电量和序列号），以了解它使用的通信方式，然后打印一把标尺：每种打印头宽度一条横条，每条末端有一个凹口。比打印头更宽的横条会失去末端的凹口。</translation>
    </message>
    <message>
        <source>What happens</source>
        <translation>实际处理方式</translation>
    </message>
    <message>
        <source>Identify and print the ruler</source>
        <translation>识别并打印标尺</translation>
    </message>
    <message>
        <source>Identification state</source>
        <translation>识别状态</translation>
    </message>
    <message>
        <source>Asking the printer…</source>
        <translation>正在询问打印机…</translation>
    </message>
    <message>
        <source>Its serial number starts with {0}, like the {1}: it talks like a {2} printer.</source>
        <translation>它的序列号以 {0} 开头，与 {1} 相同：它使用 {2} 系列打印机的通信方式。</translation>
    </message>
    <message>
        <source>Its serial number is not in the table, so it is treated like the printers Phocol Desktop does not recognise ({0} family).</source>
        <translation>它的序列号不在型号表中，因此按 Phocol Desktop 无法识别的打印机处理（{0} 系列）。</translation>
    </message>
    <message>
        <source>Printing the ruler…</source>
        <translation>正在打印标尺…</translation>
    </message>
    <message>
        <source>The ruler is printed.</source>
        <translation>标尺已打印完成。</translation>
    </message>
</context>
<context>
    <name>AddWidthPage</name>
    <message>
        <source>How wide is the print head?</source>
        <translation>打印头有多宽？</translation>
    </message>
    <message>
        <source>Find the widest bar that still ends in its notch, like the bars in the picture, and choose its number.</source>
        <translation>请找出末端仍有凹口的最宽横条（如图所示），并选择它旁边的数字。</translation>
    </message>
    <message>
        <source>How to answer</source>
        <translation>如何回答</translation>
    </message>
    <message>
        <source>The ruler</source>
        <translation>标尺</translation>
    </message>
    <message>
        <source>Head width in dots</source>
        <translation>打印头宽度（点）</translation>
    </message>
    <message>
        <source>{0} dots</source>
        <translation>{0} 点</translation>
    </message>
</context>
<context>
    <name>AnswerPage</name>
    <message>
        <source>Which block printed completely?</source>
        <translation>哪一块打印完整？</translation>
    </message>
    <message>
        <source>Count from the top. A complete block looks like the picture: solid bars, an even fine checker, its number whole. Enter the number of the last complete block before the first damaged one (0 if even block 1 is damaged).</source>
        <translation>请从上往下数。完整的块与图示一致：实心横条、均匀的细棋盘格、编号完整。请输入第一个损坏块之前最后一个完整块的编号（如果第 1 块就已损坏，请输入 0）。</translation>
    </message>
    <message>
        <source>How to answer</source>
        <translation>如何回答</translation>
    </message>
    <message>
        <source>A complete block</source>
        <translation>完整的块</translation>
    </message>
    <message>
        <source>What the printer reported</source>
        <translation>打印机的反馈</translation>
    </message>
    <message>
        <source>Last complete block</source>
        <translation>最后一个完整块</translation>
    </message>
    <message>
        <source>Last complete block: </source>
        <translation>最后一个完整块：</translation>
    </message>
    <message>
        <source>The printer confirmed blocks 1 to {0} in time. Trust the paper, not this hint.</source>
        <translation>打印机及时确认了第 1 至第 {0} 块。请以纸上的结果为准，而不是这条提示。</translation>
    </message>
</context>
<context>
    <name>BannerDialog</name>
    <message>
        <source>Print banner</source>
        <translation>打印横幅</translation>
    </message>
    <message>
        <source>The text runs down a continuous roll and repeats to the length you choose. Use roll paper, not labels.</source>
        <translation>文字沿连续纸卷向下排列，并重复到您选择的长度。请使用卷纸，不要使用标签纸。</translation>
    </message>
    <message>
        <source>Banner text</source>
        <translation>横幅文字</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>文字</translation>
    </message>
    <message>
        <source>Length</source>
        <translation>长度</translation>
    </message>
    <message>
        <source> m</source>
        <translation> 米</translation>
    </message>
    <message>
        <source>Banner progress</source>
        <translation>横幅打印进度</translation>
    </message>
    <message>
        <source>Banner state</source>
        <translation>横幅状态</translation>
    </message>
    <message>
        <source>Print</source>
        <translation>打印</translation>
    </message>
    <message>
        <source>Cancel printing</source>
        <translation>取消打印</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Printing…</source>
        <translation>正在打印…</translation>
    </message>
    <message>
        <source>Printing… about {0} s left.</source>
        <translation>正在打印…还剩约 {0} 秒。</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
    <message>
        <source>Printed.</source>
        <translation>打印完成。</translation>
    </message>
    <message>
        <source>Cancelled. Nothing more was sent.</source>
        <translation>已取消。没有再发送任何数据。</translation>
    </message>
    <message>
        <source>Something went wrong: {0}</source>
        <translation>出现问题：{0}</translation>
    </message>
</context>
<context>
    <name>BundleDialog</name>
    <message>
        <source>Create support bundle</source>
        <translation>创建支持包</translation>
    </message>
    <message>
        <source>A support bundle helps Phocol support reproduce a printer problem. It stays on this computer until you send it yourself. Printer addresses are replaced by pseudonyms; your user name, computer name, home folder and photo names are removed. These files will be in it:</source>
        <translation>支持包可帮助 Phocol 客服重现打印机问题。除非您自己发送，它只保存在这台电脑上。打印机地址会替换为化名；您的用户名、计算机名、主文件夹和照片名称都会被移除。支持包将包含以下文件：</translation>
    </message>
    <message>
        <source>About the support bundle</source>
        <translation>关于支持包</translation>
    </message>
    <message>
        <source>Bundle contents</source>
        <translation>支持包内容</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>What it is</source>
        <translation>内容说明</translation>
    </message>
    <message>
        <source>Save bundle…</source>
        <translation>保存支持包…</translation>
    </message>
    <message>
        <source>Save bundle</source>
        <translation>保存支持包</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Cancel support bundle</source>
        <translation>取消创建支持包</translation>
    </message>
    <message>
        <source>Save support bundle</source>
        <translation>保存支持包</translation>
    </message>
    <message>
        <source>Zip archive (*.zip)</source>
        <translation>Zip 压缩包 (*.zip)</translation>
    </message>
</context>
<context>
    <name>CalibrationWizard</name>
    <message>
        <source>Calibrate printer</source>
        <translation>校准打印机</translation>
    </message>
    <message>
        <source>This printer does not answer like a Quyin (Phomemo-compatible) printer, so Phocol Desktop cannot print on it safely and nothing was printed. Please create a support bundle (Help ▸ Create support bundle) and send it to Phocol support, so this printer can be added.</source>
        <translation>这台打印机的应答方式与 Quyin（Phomemo 兼容）打印机不同，Phocol Desktop 无法安全地在上面打印，因此没有打印任何内容。请创建支持包（“帮助”▸“创建支持包”）并发送给 Phocol 客服，以便添加这台打印机。</translation>
    </message>
    <message>
        <source>The check block lost data at this speed, so your answer was higher than this printer can take. Nothing was saved. Go back, look at the ladder again and choose a lower block (the last one with every bar and checker whole).</source>
        <translation>检查块在这个速度下丢失了数据，说明您选择的块超出了这台打印机的承受能力。没有保存任何设置。请返回，重新查看速度阶梯，并选择更低的块（最后一个横条和棋盘格都完整的块）。</translation>
    </message>
    <message>
        <source>Something went wrong: {0}</source>
        <translation>出现问题：{0}</translation>
    </message>
</context>
<context>
    <name>CameraDialog</name>
    <message>
        <source>Take a photo</source>
        <translation>拍照</translation>
    </message>
    <message>
        <source>Camera view</source>
        <translation>相机画面</translation>
    </message>
    <message>
        <source>Live camera picture</source>
        <translation>实时相机画面</translation>
    </message>
    <message>
        <source>&amp;Capture</source>
        <translation>拍摄(&amp;C)</translation>
    </message>
    <message>
        <source>Capture photo</source>
        <translation>拍摄照片</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Close the camera</source>
        <translation>关闭相机</translation>
    </message>
    <message>
        <source>The camera turns off as soon as this window closes.</source>
        <translation>此窗口关闭后，相机会立即关闭。</translation>
    </message>
    <message>
        <source>Camera note</source>
        <translation>相机说明</translation>
    </message>
    <message>
        <source>The camera was not allowed; nothing was opened.</source>
        <translation>未获准使用相机，因此没有打开相机。</translation>
    </message>
    <message>
        <source>No photo was taken.</source>
        <translation>没有拍摄照片。</translation>
    </message>
</context>
<context>
    <name>CategoryViewer</name>
    <message>
        <source>Content of {0}</source>
        <translation>{0}的内容</translation>
    </message>
    <message>
        <source>(empty)</source>
        <translation>（空）</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
</context>
<context>
    <name>ConsentRecord</name>
    <message>
        <source>Record started</source>
        <translation>记录开始</translation>
    </message>
    <message>
        <source>Privacy notice shown</source>
        <translation>已显示隐私告知</translation>
    </message>
    <message>
        <source>Privacy notice answered</source>
        <translation>已回应隐私告知</translation>
    </message>
    <message>
        <source>Permission decided</source>
        <translation>已决定权限</translation>
    </message>
    <message>
        <source>Permission asked</source>
        <translation>已询问权限</translation>
    </message>
    <message>
        <source>Permission answered</source>
        <translation>已回应权限请求</translation>
    </message>
    <message>
        <source>System permission seen</source>
        <translation>已读取系统权限</translation>
    </message>
    <message>
        <source>Permission withdrawn</source>
        <translation>已撤回权限</translation>
    </message>
    <message>
        <source>Permission expired</source>
        <translation>权限已到期</translation>
    </message>
    <message>
        <source>Permission reset (unused)</source>
        <translation>权限已重置（长期未使用）</translation>
    </message>
    <message>
        <source>Request to Phocol started</source>
        <translation>已发起向 Phocol 的请求</translation>
    </message>
    <message>
        <source>Data exported</source>
        <translation>已导出数据</translation>
    </message>
    <message>
        <source>Data erased</source>
        <translation>已删除数据</translation>
    </message>
    <message>
        <source>Old data deleted</source>
        <translation>已删除过期数据</translation>
    </message>
    <message>
        <source>Record check failed</source>
        <translation>记录校验失败</translation>
    </message>
    <message>
        <source>Record part sealed</source>
        <translation>记录段已封存</translation>
    </message>
    <message>
        <source>Old record part deleted</source>
        <translation>已删除旧记录段</translation>
    </message>
    <message>
        <source>Privacy setting changed</source>
        <translation>已更改隐私设置</translation>
    </message>
    <message>
        <source>decision: {0}</source>
        <translation>决定：{0}</translation>
    </message>
    <message>
        <source>reason: {0}</source>
        <translation>原因：{0}</translation>
    </message>
    <message>
        <source>lasts: {0}</source>
        <translation>有效期：{0}</translation>
    </message>
    <message>
        <source>allowed</source>
        <translation>已允许</translation>
    </message>
    <message>
        <source>not allowed</source>
        <translation>不允许</translation>
    </message>
    <message>
        <source>ask every time</source>
        <translation>每次询问</translation>
    </message>
    <message>
        <source>closed without answering</source>
        <translation>未回应即关闭</translation>
    </message>
    <message>
        <source>agreed</source>
        <translation>同意</translation>
    </message>
    <message>
        <source>disagreed</source>
        <translation>不同意</translation>
    </message>
    <message>
        <source>first start</source>
        <translation>首次启动</translation>
    </message>
    <message>
        <source>opened again by you</source>
        <translation>由您再次打开</translation>
    </message>
    <message>
        <source>the privacy policy changed</source>
        <translation>隐私政策已更改</translation>
    </message>
    <message>
        <source>the permissions changed</source>
        <translation>权限项已更改</translation>
    </message>
    <message>
        <source>the one-time permission ended</source>
        <translation>仅限一次的权限已结束</translation>
    </message>
    <message>
        <source>its period ended</source>
        <translation>有效期已结束</translation>
    </message>
    <message>
        <source>unused for 90 days</source>
        <translation>90 天未使用</translation>
    </message>
    <message>
        <source>the record failed its check</source>
        <translation>记录未通过校验</translation>
    </message>
    <message>
        <source>until you change it</source>
        <translation>直到您更改</translation>
    </message>
    <message>
        <source>this time only</source>
        <translation>仅限本次</translation>
    </message>
    <message>
        <source>for a set period</source>
        <translation>在设定期限内</translation>
    </message>
</context>
<context>
    <name>CrashLogsDialog</name>
    <message>
        <source>Crash logs</source>
        <translation>崩溃日志</translation>
    </message>
    <message>
        <source>Keep a crash log on this computer when Phocol Desktop fails</source>
        <translation>Phocol Desktop 出错时在这台电脑上保存崩溃日志</translation>
    </message>
    <message>
        <source>Keep crash logs</source>
        <translation>保存崩溃日志</translation>
    </message>
    <message>
        <source>Off unless you turn it on. Logs are redacted and never sent anywhere; turning this off deletes them.</source>
        <translation>除非您开启，否则保持关闭。日志会去除个人信息，绝不发送到任何地方；关闭此项会删除所有日志。</translation>
    </message>
    <message>
        <source>About crash logs</source>
        <translation>关于崩溃日志</translation>
    </message>
    <message>
        <source>Crash log list</source>
        <translation>崩溃日志列表</translation>
    </message>
    <message>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>Crash log text</source>
        <translation>崩溃日志内容</translation>
    </message>
    <message>
        <source>Delete this log</source>
        <translation>删除此日志</translation>
    </message>
    <message>
        <source>The crash logs could not be read: {0}</source>
        <translation>无法读取崩溃日志：{0}</translation>
    </message>
</context>
<context>
    <name>CropView</name>
    <message>
        <source>Photo and crop frame</source>
        <translation>照片和裁剪框</translation>
    </message>
    <message>
        <source>Drag the frame or its corners; arrow keys move it, plus and minus resize it</source>
        <translation>拖动裁剪框或其边角；方向键可移动，加号和减号可调整大小</translation>
    </message>
    <message>
        <source>Open a photo (Ctrl+O), drop one here, or paste it (Ctrl+V).</source>
        <translation>打开照片 (Ctrl+O)、拖放到此处，或粘贴 (Ctrl+V)。</translation>
    </message>
</context>
<context>
    <name>DataWords</name>
    <message>
        <source>Consent and permission records</source>
        <translation>同意与权限记录</translation>
    </message>
    <message>
        <source>Activity log (7 days)</source>
        <translation>功能使用记录（7 天）</translation>
    </message>
    <message>
        <source>Known printer</source>
        <translation>已知打印机</translation>
    </message>
    <message>
        <source>Print history</source>
        <translation>打印历史</translation>
    </message>
    <message>
        <source>Recent files</source>
        <translation>最近文件</translation>
    </message>
    <message>
        <source>Crash logs</source>
        <translation>崩溃日志</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Application log</source>
        <translation>应用日志</translation>
    </message>
    <message>
        <source>Thumbnails and cache</source>
        <translation>缩略图和缓存</translation>
    </message>
    <message>
        <source>Encryption key in the system keyring</source>
        <translation>系统密钥环中的加密密钥</translation>
    </message>
    <message>
        <source>encrypted</source>
        <translation>已加密</translation>
    </message>
    <message>
        <source>in memory only</source>
        <translation>仅在内存中</translation>
    </message>
    <message>
        <source>unencrypted file</source>
        <translation>未加密文件</translation>
    </message>
    <message>
        <source>file</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Projects and exports you saved to places you chose (they are yours; delete them yourself).</source>
        <translation>您保存到自选位置的项目和导出文件（它们属于您；请您自行删除）。</translation>
    </message>
    <message>
        <source>Permissions the operating system granted (Bluetooth pairing, macOS privacy settings, the Windows camera switch): the app cannot revoke them; the steps are listed after erasing.</source>
        <translation>操作系统授予的权限（蓝牙配对、macOS 隐私设置、Windows 相机开关）：本应用无法撤销；清除后会列出操作步骤。</translation>
    </message>
    <message>
        <source>Anything Phocol holds about you from its mobile app or services: ask Phocol by e-mail.</source>
        <translation>Phocol 通过其手机应用或服务持有的您的任何信息：请发邮件询问 Phocol。</translation>
    </message>
    <message>
        <source>Unpair the printer in the system Bluetooth settings (the app cannot remove a pairing).</source>
        <translation>在系统蓝牙设置中取消与打印机的配对（本应用无法删除配对）。</translation>
    </message>
    <message>
        <source>macOS: run `tccutil reset All` for Phocol Desktop, or use System Settings ▸ Privacy &amp; Security.</source>
        <translation>macOS：为 Phocol Desktop 运行 `tccutil reset All`，或使用“系统设置 ▸ 隐私与安全性”。</translation>
    </message>
    <message>
        <source>Windows: Settings ▸ Privacy &amp; security ▸ Camera.</source>
        <translation>Windows：设置 ▸ 隐私和安全性 ▸ 相机。</translation>
    </message>
</context>
<context>
    <name>DensityPage</name>
    <message>
        <source>Print the darkness patches</source>
        <translation>打印浓度色块</translation>
    </message>
    <message>
        <source>The printer prints one patch per darkness level, each labelled with its level: a solid square, a fine checker and thin lines. Too light: the square is grey. Too dark: the checker and lines fill in.</source>
        <translation>打印机会为每个浓度级别打印一个色块，并标注级别：一个实心方块、一片细棋盘格和几条细线。太浅：方块呈灰色。太深：棋盘格和细线糊在一起。</translation>
    </message>
    <message>
        <source>What happens</source>
        <translation>实际处理方式</translation>
    </message>
    <message>
        <source>Print the patches</source>
        <translation>打印色块</translation>
    </message>
    <message>
        <source>Patch progress</source>
        <translation>色块打印进度</translation>
    </message>
    <message>
        <source>Patch state</source>
        <translation>色块状态</translation>
    </message>
    <message>
        <source>Levels {0} to {1}; now {2}.</source>
        <translation>级别 {0} 至 {1}；当前为 {2}。</translation>
    </message>
    <message>
        <source>The patches are printed.</source>
        <translation>色块已打印完成。</translation>
    </message>
</context>
<context>
    <name>DensityPickPage</name>
    <message>
        <source>Which darkness do you like best?</source>
        <translation>您最喜欢哪个浓度？</translation>
    </message>
    <message>
        <source>Pick the darkest patch whose checker is still crisp and whose square is solid black.</source>
        <translation>请选择棋盘格仍然清晰、方块为纯黑的最深的色块。</translation>
    </message>
    <message>
        <source>How to choose</source>
        <translation>如何选择</translation>
    </message>
    <message>
        <source>Darkness level</source>
        <translation>浓度级别</translation>
    </message>
    <message>
        <source>Darkness: </source>
        <translation>浓度：</translation>
    </message>
</context>
<context>
    <name>DesignCanvas</name>
    <message>
        <source>Design canvas</source>
        <translation>设计画布</translation>
    </message>
    <message>
        <source>Pick a template to start a design.</source>
        <translation>请选择一个模板来开始设计。</translation>
    </message>
</context>
<context>
    <name>DesignEditor</name>
    <message>
        <source>Design editor</source>
        <translation>设计编辑器</translation>
    </message>
    <message>
        <source>Design</source>
        <translation>设计</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <source>Redo</source>
        <translation>重做</translation>
    </message>
    <message>
        <source>Import CSV…</source>
        <translation>导入 CSV…</translation>
    </message>
    <message>
        <source>Save as project…</source>
        <translation>另存为项目…</translation>
    </message>
    <message>
        <source>Print</source>
        <translation>打印</translation>
    </message>
    <message>
        <source>Templates</source>
        <translation>模板</translation>
    </message>
    <message>
        <source>New from template</source>
        <translation>从模板新建</translation>
    </message>
    <message>
        <source>Warnings</source>
        <translation>警告</translation>
    </message>
    <message>
        <source>CSV rows</source>
        <translation>CSV 行</translation>
    </message>
    <message>
        <source>Print selected rows</source>
        <translation>打印所选行</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Elements</source>
        <translation>元素</translation>
    </message>
    <message>
        <source>Bring forward</source>
        <translation>上移一层</translation>
    </message>
    <message>
        <source>Send backward</source>
        <translation>下移一层</translation>
    </message>
    <message>
        <source>Properties</source>
        <translation>属性</translation>
    </message>
    <message>
        <source>Template fields</source>
        <translation>模板字段</translation>
    </message>
    <message>
        <source>Banner</source>
        <translation>横幅</translation>
    </message>
    <message>
        <source>Barcode label</source>
        <translation>条形码标签</translation>
    </message>
    <message>
        <source>2 × 2 grid</source>
        <translation>2 × 2 网格</translation>
    </message>
    <message>
        <source>Photo strip (4)</source>
        <translation>照片条（4 张）</translation>
    </message>
    <message>
        <source>Instant photo with caption</source>
        <translation>带说明的拍立得照片</translation>
    </message>
    <message>
        <source>QR label</source>
        <translation>二维码标签</translation>
    </message>
    <message>
        <source>To-do list</source>
        <translation>待办清单</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>QR code data</source>
        <translation>二维码内容</translation>
    </message>
    <message>
        <source>Barcode digits</source>
        <translation>条形码数字</translation>
    </message>
    <message>
        <source>Caption</source>
        <translation>说明文字</translation>
    </message>
    <message>
        <source>Items (one per line)</source>
        <translation>条目（每行一条）</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>文字</translation>
    </message>
    <message>
        <source>Photo {0}</source>
        <translation>照片 {0}</translation>
    </message>
    <message>
        <source>Photo</source>
        <translation>照片</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>QR code</source>
        <translation>二维码</translation>
    </message>
    <message>
        <source>Barcode</source>
        <translation>条形码</translation>
    </message>
    <message>
        <source>Line</source>
        <translation>线条</translation>
    </message>
    <message>
        <source>Rectangle</source>
        <translation>矩形</translation>
    </message>
    <message>
        <source>Frame</source>
        <translation>边框</translation>
    </message>
    <message>
        <source>Checklist</source>
        <translation>清单</translation>
    </message>
    <message>
        <source>{0} · {1}</source>
        <translation>{0} · {1}</translation>
    </message>
    <message>
        <source>No installed font has {0}; those characters are left out. Install a font for that script (e.g. Noto).</source>
        <translation>已安装的字体中没有 {0}；这些字符将被省略。请为该文字安装字体（例如 Noto）。</translation>
    </message>
    <message>
        <source>The text “{0}” does not fit its box and is cut off.</source>
        <translation>文字“{0}”超出了它的框，多出的部分将被截去。</translation>
    </message>
    <message>
        <source>The text “{0}” needs shaping this Pillow cannot do; it prints letter by letter.</source>
        <translation>文字“{0}”需要字形整形，但此 Pillow 无法完成；它将逐字打印。</translation>
    </message>
    <message>
        <source>The code “{0}” is too small to scan reliably ({1} dots per module, at least {2} mm needed). Make its box larger or its data shorter.</source>
        <translation>码“{0}”太小，无法可靠扫描（每个模块 {1} 点，至少需要 {2} 毫米）。请放大它的框或缩短其内容。</translation>
    </message>
    <message>
        <source>The design is wider than the print head; it is scaled to {0} %.</source>
        <translation>设计比打印头更宽；已缩放到 {0} %。</translation>
    </message>
    <message>
        <source>The photo “{0}” has no picture yet; an empty frame prints.</source>
        <translation>照片“{0}”还没有图片；将打印一个空框。</translation>
    </message>
    <message>
        <source>Some of your templates could not be read: {0}</source>
        <translation>您的部分模板无法读取：{0}</translation>
    </message>
    <message>
        <source>{0} — Design editor</source>
        <translation>{0} — 设计编辑器</translation>
    </message>
    <message>
        <source>Print all {0} rows</source>
        <translation>打印全部 {0} 行</translation>
    </message>
    <message>
        <source>Click an element on the paper or in the list.</source>
        <translation>请在纸面上或列表中点击一个元素。</translation>
    </message>
    <message>
        <source>Content</source>
        <translation>内容</translation>
    </message>
    <message>
        <source>Error correction</source>
        <translation>纠错等级</translation>
    </message>
    <message>
        <source>Symbology</source>
        <translation>码制</translation>
    </message>
    <message>
        <source>Font size</source>
        <translation>字号</translation>
    </message>
    <message>
        <source> pt</source>
        <translation> 磅</translation>
    </message>
    <message>
        <source>Left</source>
        <translation>左边距</translation>
    </message>
    <message>
        <source>Top</source>
        <translation>上边距</translation>
    </message>
    <message>
        <source>Width</source>
        <translation>宽度</translation>
    </message>
    <message>
        <source>Height</source>
        <translation>高度</translation>
    </message>
    <message>
        <source> mm</source>
        <translation> 毫米</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <source>Choose a photo</source>
        <translation>选择照片</translation>
    </message>
    <message>
        <source>Images (*.jpg *.jpeg *.png *.webp *.bmp *.tif *.tiff)</source>
        <translation>图片 (*.jpg *.jpeg *.png *.webp *.bmp *.tif *.tiff)</translation>
    </message>
    <message>
        <source>Row {0}: </source>
        <translation>第 {0} 行：</translation>
    </message>
    <message>
        <source>{0}This design cannot print yet: {1}</source>
        <translation>{0}此设计还无法打印：{1}</translation>
    </message>
    <message>
        <source>Import CSV</source>
        <translation>导入 CSV</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <source>Reading {0}…</source>
        <translation>正在读取 {0}…</translation>
    </message>
    <message>
        <source>Row</source>
        <translation>行</translation>
    </message>
    <message>
        <source>{0}: {1} rows. Select a row to preview it.</source>
        <translation>{0}：共 {1} 行。选择一行即可预览。</translation>
    </message>
    <message>
        <source>Printing…</source>
        <translation>正在打印…</translation>
    </message>
    <message>
        <source>Printing page {0} of {1}…</source>
        <translation>正在打印第 {0} 页，共 {1} 页…</translation>
    </message>
    <message>
        <source>Cancelled after {0} page(s).</source>
        <translation>已在打印 {0} 页后取消。</translation>
    </message>
    <message>
        <source>Printed {0} page(s).</source>
        <translation>已打印 {0} 页。</translation>
    </message>
    <message>
        <source>Printing stopped.</source>
        <translation>打印已停止。</translation>
    </message>
    <message>
        <source>Not printed: {0}</source>
        <translation>未打印：{0}</translation>
    </message>
    <message>
        <source>row {0} ({1})</source>
        <translation>第 {0} 行（{1}）</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
    <message>
        <source>Save design as project</source>
        <translation>将设计另存为项目</translation>
    </message>
    <message>
        <source>Phocol projects (*.phocol)</source>
        <translation>Phocol 项目 (*.phocol)</translation>
    </message>
    <message>
        <source>Saved {0}.</source>
        <translation>已保存 {0}。</translation>
    </message>
    <message>
        <source>Something went wrong ({0}); nothing was changed.</source>
        <translation>出现问题（{0}）；没有任何更改。</translation>
    </message>
</context>
<context>
    <name>Disclosures</name>
    <message>
        <source>see distribution</source>
        <translation>未声明，见其发行包</translation>
    </message>
</context>
<context>
    <name>DocumentDialog</name>
    <message>
        <source>Print document: {0}</source>
        <translation>打印文档：{0}</translation>
    </message>
    <message>
        <source>Document pages</source>
        <translation>文档页面</translation>
    </message>
    <message>
        <source>Pages</source>
        <translation>页面</translation>
    </message>
    <message>
        <source>Page {0}</source>
        <translation>第 {0} 页</translation>
    </message>
    <message>
        <source>Drawing the page…</source>
        <translation>正在绘制页面…</translation>
    </message>
    <message>
        <source>Exact preview of the page</source>
        <translation>页面的精确预览</translation>
    </message>
    <message>
        <source>Pages to print</source>
        <translation>要打印的页面</translation>
    </message>
    <message>
        <source>e.g. 1-3,5</source>
        <translation>例如 1-3,5</translation>
    </message>
    <message>
        <source>Document mode</source>
        <translation>文档模式</translation>
    </message>
    <message>
        <source>Automatic (sharp text, dithered photos)</source>
        <translation>自动（文字清晰，照片抖动）</translation>
    </message>
    <message>
        <source>Text and lines (no dithering)</source>
        <translation>文字和线条（不抖动）</translation>
    </message>
    <message>
        <source>Photos (dither everything)</source>
        <translation>照片（全部抖动）</translation>
    </message>
    <message>
        <source>Copies</source>
        <translation>份数</translation>
    </message>
    <message>
        <source>Pages:</source>
        <translation>页面：</translation>
    </message>
    <message>
        <source>Mode:</source>
        <translation>模式：</translation>
    </message>
    <message>
        <source>Copies:</source>
        <translation>份数：</translation>
    </message>
    <message>
        <source>Pages in this document: {0}. Each page prints as one label or one piece of continuous paper.</source>
        <translation>此文档共 {0} 页。每一页打印为一张标签或一段连续纸。</translation>
    </message>
    <message>
        <source>Print progress</source>
        <translation>打印进度</translation>
    </message>
    <message>
        <source>Print message</source>
        <translation>打印消息</translation>
    </message>
    <message>
        <source>&amp;Print</source>
        <translation>打印(&amp;P)</translation>
    </message>
    <message>
        <source>Cancel printing</source>
        <translation>取消打印</translation>
    </message>
    <message>
        <source>Something went wrong: {0}</source>
        <translation>出现问题：{0}</translation>
    </message>
    <message>
        <source>Preparing the pages ({0})…</source>
        <translation>正在准备页面（{0}）…</translation>
    </message>
    <message>
        <source>Printing…</source>
        <translation>正在打印…</translation>
    </message>
    <message>
        <source>Printed. Pages: {0}.</source>
        <translation>已打印。页数：{0}。</translation>
    </message>
</context>
<context>
    <name>EditPanel</name>
    <message>
        <source>Ordered (Bayer)</source>
        <translation>有序抖动（Bayer）</translation>
    </message>
    <message>
        <source>Threshold</source>
        <translation>阈值（无抖动）</translation>
    </message>
    <message>
        <source>Edit</source>
        <translation>编辑</translation>
    </message>
    <message>
        <source>Edit panel</source>
        <translation>编辑面板</translation>
    </message>
    <message>
        <source>⟲ Rotate left</source>
        <translation>⟲ 向左旋转</translation>
    </message>
    <message>
        <source>Rotate left 90°</source>
        <translation>向左旋转 90°</translation>
    </message>
    <message>
        <source>⟳ Rotate right</source>
        <translation>⟳ 向右旋转</translation>
    </message>
    <message>
        <source>Rotate right 90°</source>
        <translation>向右旋转 90°</translation>
    </message>
    <message>
        <source>⇋ Mirror</source>
        <translation>⇋ 镜像</translation>
    </message>
    <message>
        <source>Flip horizontally (mirror)</source>
        <translation>水平翻转（镜像）</translation>
    </message>
    <message>
        <source>⇵ Flip</source>
        <translation>⇵ 上下翻转</translation>
    </message>
    <message>
        <source>Flip vertically (upside down)</source>
        <translation>垂直翻转（上下颠倒）</translation>
    </message>
    <message>
        <source>Reset crop</source>
        <translation>重置裁剪</translation>
    </message>
    <message>
        <source>Print the whole photo again (drag on the photo to crop)</source>
        <translation>重新打印整张照片（在照片上拖动即可裁剪）</translation>
    </message>
    <message>
        <source>Fine angle</source>
        <translation>角度微调</translation>
    </message>
    <message>
        <source>Brightness</source>
        <translation>亮度</translation>
    </message>
    <message>
        <source>Contrast</source>
        <translation>对比度</translation>
    </message>
    <message>
        <source>Gamma</source>
        <translation>伽马</translation>
    </message>
    <message>
        <source>Sharpen</source>
        <translation>锐化</translation>
    </message>
    <message>
        <source>Auto levels</source>
        <translation>自动色阶</translation>
    </message>
    <message>
        <source>Set brightness, contrast and gamma from the photo&apos;s own tones (for dark or flat photos); undo takes it back</source>
        <translation>根据照片本身的色调设置亮度、对比度和伽马（适用于偏暗或灰平的照片）；撤销即可恢复</translation>
    </message>
    <message>
        <source>Invert</source>
        <translation>反相</translation>
    </message>
    <message>
        <source>Dithering</source>
        <translation>抖动</translation>
    </message>
    <message>
        <source>Strength</source>
        <translation>强度</translation>
    </message>
    <message>
        <source>Dithering strength</source>
        <translation>抖动强度</translation>
    </message>
    <message>
        <source>Caption text</source>
        <translation>说明文字</translation>
    </message>
    <message>
        <source>Add a caption…</source>
        <translation>添加说明文字…</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>文字</translation>
    </message>
    <message>
        <source>Text size</source>
        <translation>文字大小</translation>
    </message>
    <message>
        <source>Text position</source>
        <translation>文字位置</translation>
    </message>
    <message>
        <source>Bottom</source>
        <translation>底部</translation>
    </message>
    <message>
        <source>Top</source>
        <translation>顶部</translation>
    </message>
    <message>
        <source>Centre</source>
        <translation>居中</translation>
    </message>
    <message>
        <source>{0} value</source>
        <translation>{0}数值</translation>
    </message>
</context>
<context>
    <name>ErasePlanDialog</name>
    <message>
        <source>Erase all my data</source>
        <translation>清除我的全部数据</translation>
    </message>
    <message>
        <source>{0} item(s)</source>
        <translation>{0} 项</translation>
    </message>
    <message>
        <source>This deletes from this computer:</source>
        <translation>这将从本电脑删除：</translation>
    </message>
    <message>
        <source>It does not delete:</source>
        <translation>不会删除：</translation>
    </message>
    <message>
        <source>Export first if you want a copy; the export is not encrypted.</source>
        <translation>如需保留副本，请先导出；导出文件不加密。</translation>
    </message>
    <message>
        <source>What erasing deletes</source>
        <translation>清除会删除的内容</translation>
    </message>
    <message>
        <source>Export first…</source>
        <translation>先导出…</translation>
    </message>
    <message>
        <source>Export first</source>
        <translation>先导出</translation>
    </message>
    <message>
        <source>Erase everything</source>
        <translation>全部清除</translation>
    </message>
    <message>
        <source>Keep my data</source>
        <translation>保留我的数据</translation>
    </message>
</context>
<context>
    <name>ErasureReportDialog</name>
    <message>
        <source>Erased</source>
        <translation>已清除</translation>
    </message>
    <message>
        <source>Erase report</source>
        <translation>清除报告</translation>
    </message>
    <message>
        <source>{0} item(s)</source>
        <translation>{0} 项</translation>
    </message>
    <message>
        <source>Erased from this computer:</source>
        <translation>已从本电脑清除：</translation>
    </message>
    <message>
        <source>Could not be fully deleted (try again, or delete the files by hand):</source>
        <translation>未能完全删除（请重试，或手动删除这些文件）：</translation>
    </message>
    <message>
        <source>Left for you to do in the operating system:</source>
        <translation>需要您在操作系统中完成：</translation>
    </message>
    <message>
        <source>Not deleted: projects and exports you saved yourself, and anything Phocol holds from its phone apps (ask Phocol by e-mail).</source>
        <translation>未删除：您自己保存的项目和导出文件，以及 Phocol 通过其手机应用持有的任何信息（请发邮件询问 Phocol）。</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <source>Print the ladder again and count the blocks from the top; block numbers are printed on them.</source>
        <translation>请再次打印阶梯，从顶部开始数色块；每个色块上都印有编号。</translation>
    </message>
    <message>
        <source>This command is part of the command surface but is not built yet.</source>
        <translation>此命令已列出，但尚未实现。</translation>
    </message>
    <message>
        <source>Fix or remove the named entry, or reinstall Phocol Desktop.</source>
        <translation>请修正或删除所指出的条目，或重新安装 Phocol Desktop。</translation>
    </message>
    <message>
        <source>Run `phocol-desktop models` to list the model ids this build knows.</source>
        <translation>运行 `phocol-desktop models` 可列出本版本支持的型号 ID。</translation>
    </message>
    <message>
        <source>Try another photo, or re-export this one as JPEG or PNG.</source>
        <translation>请换一张照片，或将这张照片重新导出为 JPEG 或 PNG。</translation>
    </message>
    <message>
        <source>This is likely a bug or a damaged trace; a support bundle helps us reproduce it.</source>
        <translation>这可能是程序错误或协议记录已损坏；支持包可帮助我们重现问题。</translation>
    </message>
    <message>
        <source>Phocol Desktop only sends documented commands; undocumented ones can brick a printer.</source>
        <translation>Phocol Desktop 只发送有文档记载的命令；未记载的命令可能使打印机损坏。</translation>
    </message>
    <message>
        <source>Check that the printer is on, charged and near this computer, then try again.</source>
        <translation>请确认打印机已开机、电量充足并靠近这台电脑，然后重试。</translation>
    </message>
    <message>
        <source>Fix the condition shown on the printer and print again.</source>
        <translation>请排除打印机上显示的问题后重新打印。</translation>
    </message>
    <message>
        <source>You can allow it in Privacy ▸ Permissions at any time.</source>
        <translation>您可以随时在“隐私 ▸ 权限”中允许。</translation>
    </message>
    <message>
        <source>Check free disk space and that the data folder is writable.</source>
        <translation>请检查磁盘剩余空间，并确认数据文件夹可写入。</translation>
    </message>
    <message>
        <source>Choose a regular file (not a folder, pipe or device) that Phocol Desktop can read.</source>
        <translation>请选择 Phocol Desktop 可读取的普通文件（不是文件夹、管道或设备）。</translation>
    </message>
    <message>
        <source>The file is damaged or was edited by hand; fix the named field or remove the file.</source>
        <translation>该文件已损坏或被手动编辑过；请修正所指出的字段，或删除该文件。</translation>
    </message>
    <message>
        <source>Give some text (up to 500 characters) and a length the roll can hold.</source>
        <translation>请输入文字（最多 500 个字符），并设置纸卷能容纳的长度。</translation>
    </message>
    <message>
        <source>Save the sheet as &quot;CSV UTF-8&quot; with the template&apos;s field names in the first row.</source>
        <translation>请将表格另存为“CSV UTF-8”，并在第一行写上模板的字段名。</translation>
    </message>
    <message>
        <source>Check the design against docs/DESIGN-FORMAT.md, or start from a template (`phocol-desktop templates`).</source>
        <translation>请对照 docs/DESIGN-FORMAT.md 检查设计，或从模板开始（`phocol-desktop templates`）。</translation>
    </message>
    <message>
        <source>Check the code&apos;s data: EAN-13 takes 12 or 13 digits, UPC-A 11 or 12, a QR code up to ~2900 bytes.</source>
        <translation>请检查条码数据：EAN-13 为 12 或 13 位数字，UPC-A 为 11 或 12 位，二维码最多约 2900 字节。</translation>
    </message>
    <message>
        <source>Make the code&apos;s box larger, shorten its data, or use a lower error-correction level.</source>
        <translation>请放大条码区域、缩短数据，或使用较低的纠错级别。</translation>
    </message>
    <message>
        <source>Run `phocol-desktop templates` to list the templates and their fields.</source>
        <translation>运行 `phocol-desktop templates` 可列出模板及其字段。</translation>
    </message>
    <message>
        <source>Open it in a PDF viewer to check it, or print it to a new PDF from there.</source>
        <translation>请在 PDF 阅读器中打开检查，或从那里将其打印为新的 PDF。</translation>
    </message>
    <message>
        <source>Open it in a PDF viewer with its password and save or print an unprotected copy.</source>
        <translation>请在 PDF 阅读器中用密码打开，并另存或打印一份未加密的副本。</translation>
    </message>
    <message>
        <source>Choose fewer pages (for example --pages 1-10), or split the document.</source>
        <translation>请选择较少的页面（例如 --pages 1-10），或拆分文档。</translation>
    </message>
    <message>
        <source>Open the photo in another app to check it, or re-export it as JPEG or PNG.</source>
        <translation>请在其他应用中打开照片检查，或将其重新导出为 JPEG 或 PNG。</translation>
    </message>
    <message>
        <source>Scale the photo down (for example to 8000x8000 pixels or less) and try again.</source>
        <translation>请缩小照片（例如缩到 8000x8000 像素以内）后重试。</translation>
    </message>
    <message>
        <source>The project file is damaged or from a newer version of Phocol Desktop; reset the edits.</source>
        <translation>项目文件已损坏，或来自更新版本的 Phocol Desktop；请重置编辑。</translation>
    </message>
    <message>
        <source>Choose one of the model&apos;s paper sizes (see `phocol-desktop models`) or a smaller size.</source>
        <translation>请选择该型号支持的纸张尺寸（见 `phocol-desktop models`）或更小的尺寸。</translation>
    </message>
    <message>
        <source>Choose a value inside the printer&apos;s range (see `phocol-desktop models`).</source>
        <translation>请选择打印机允许范围内的数值（见 `phocol-desktop models`）。</translation>
    </message>
    <message>
        <source>This build cannot talk to that printer family yet; choose another model or update Phocol Desktop.</source>
        <translation>本版本尚不支持该系列打印机；请选择其他型号，或更新 Phocol Desktop。</translation>
    </message>
    <message>
        <source>Try again; if it keeps happening, create a support bundle from the Help menu.</source>
        <translation>请重试；如果问题持续出现，请从“帮助”菜单创建支持包。</translation>
    </message>
    <message>
        <source>Your answer was higher than this printer can take: the check block lost data. Nothing was saved. Look at the ladder again and answer a lower block (the last one with every bar and checker whole).</source>
        <translation>您选择的色块超出了这台打印机的承受能力：校验块丢失了数据。未保存任何内容。请再看一遍阶梯，选择更低的色块（最后一个所有线条和棋盘格都完整的色块）。</translation>
    </message>
    <message>
        <source>Check that CUPS is installed and running (`lpstat -r`), then try again.</source>
        <translation>请确认 CUPS 已安装并正在运行（`lpstat -r`），然后重试。</translation>
    </message>
    <message>
        <source>Close the other Phocol Desktop that is receiving jobs, or check the app&apos;s runtime folder.</source>
        <translation>请关闭另一个正在接收任务的 Phocol Desktop，或检查本应用的运行时文件夹。</translation>
    </message>
    <message>
        <source>Phocol Desktop only prints on printers that answer like Quyin (Phomemo-compatible) printers, so nothing was printed. Please create a support bundle (`phocol-desktop support bundle OUT.zip`, or Help ▸ Create support bundle) and send it to Phocol support, so this printer can be added.</source>
        <translation>Phocol Desktop 只在应答方式与 Quyin（兼容 Phomemo）打印机相同的打印机上打印，因此没有打印任何内容。请创建支持包（`phocol-desktop support bundle OUT.zip`，或“帮助 ▸ 创建支持包”）并发送给 Phocol 客服，以便添加这台打印机。</translation>
    </message>
    <message>
        <source>Nothing needs adding: print on it as it is, or calibrate its speed and darkness.</source>
        <translation>无需添加：可以直接用它打印，或校准它的速度和浓度。</translation>
    </message>
    <message>
        <source>{0} Nothing was sent.</source>
        <translation>{0}没有发送任何内容。</translation>
    </message>
    <message>
        <source>{0} Stopped after {1} of {2} bytes.</source>
        <translation>{0}在发送 {1} / {2} 字节后停止。</translation>
    </message>
    <message>
        <source>The printer cancelled the job (its button, or an error it detected). Check it and print again.</source>
        <translation>打印机取消了任务（按了按键，或它检测到错误）。请检查打印机后重新打印。</translation>
    </message>
    <message>
        <source>Nothing more was sent. Part of the picture may have printed.</source>
        <translation>没有再发送任何内容。图片可能已打印出一部分。</translation>
    </message>
    <message>
        <source>Everything was sent, but the printer did not say it finished. Check the paper before printing again.</source>
        <translation>所有内容都已发送，但打印机没有报告完成。再次打印前请检查纸张。</translation>
    </message>
    <message>
        <source>Printing was cancelled after {0} of {1} bytes.</source>
        <translation>打印在发送 {0} / {1} 字节后被取消。</translation>
    </message>
    <message>
        <source>The printer cancelled the job.</source>
        <translation>打印机取消了任务。</translation>
    </message>
    <message>
        <source>The printer did not confirm that the job finished.</source>
        <translation>打印机没有确认任务已完成。</translation>
    </message>
    <message>
        <source>Nothing was sent. Check the printer and the page size, then print again.</source>
        <translation>没有发送任何内容。请检查打印机和页面尺寸，然后重新打印。</translation>
    </message>
    <message>
        <source>The printer is not connected.</source>
        <translation>打印机未连接。</translation>
    </message>
    <message>
        <source>Select it and press Connect, then print again.</source>
        <translation>请选中它并点击“连接”，然后重新打印。</translation>
    </message>
    <message>
        <source>Fix it on the printer, then print again; nothing was sent.</source>
        <translation>请在打印机上排除问题后重新打印；没有发送任何内容。</translation>
    </message>
    <message>
        <source>Choose an existing folder you can write to, or a new file name ending in .zip.</source>
        <translation>请选择一个您可写入的现有文件夹，或一个以 .zip 结尾的新文件名。</translation>
    </message>
    <message>
        <source>The file was changed or the keyring key was replaced; delete it in Privacy ▸ Data on this device.</source>
        <translation>该文件已被更改，或密钥环中的密钥已被替换；请在“隐私 ▸ 本设备上的数据”中删除它。</translation>
    </message>
    <message>
        <source>Choose another output file name.</source>
        <translation>请选择其他输出文件名。</translation>
    </message>
    <message>
        <source>The file is not a Phocol project or it is damaged. Open the photo itself instead.</source>
        <translation>该文件不是 Phocol 项目或已损坏。请直接打开照片本身。</translation>
    </message>
    <message>
        <source>Calibration is kept under a pseudonym whose key lives in the system keyring; without a keyring it would be lost when the app closes. Set up a keyring (e.g. GNOME Keyring or KWallet) and calibrate again.</source>
        <translation>校准结果以化名保存，化名的密钥存放在系统密钥环中；没有密钥环时，关闭应用后校准结果会丢失。请设置密钥环（例如 GNOME Keyring 或 KWallet）后重新校准。</translation>
    </message>
    <message>
        <source>The job was stopped and not re-sent, so nothing prints twice. Bring the printer closer and print again.</source>
        <translation>任务已停止且不会重新发送，因此不会重复打印。请将打印机靠近一些后重新打印。</translation>
    </message>
    <message>
        <source>Make sure the printer is switched on and not connected to a phone, then scan again.</source>
        <translation>请确认打印机已开机且没有连接手机，然后重新搜索。</translation>
    </message>
    <message>
        <source>Switch the printer off and on, then try again.</source>
        <translation>请将打印机关机再开机，然后重试。</translation>
    </message>
    <message>
        <source>Bluetooth is switched off.</source>
        <translation>蓝牙已关闭。</translation>
    </message>
    <message>
        <source>The system did not allow this app to use Bluetooth.</source>
        <translation>系统不允许本应用使用蓝牙。</translation>
    </message>
    <message>
        <source>Allow Bluetooth for Phocol Desktop in the system settings, then try again.</source>
        <translation>请在系统设置中允许 Phocol Desktop 使用蓝牙，然后重试。</translation>
    </message>
    <message>
        <source>This computer&apos;s Bluetooth adapter cannot connect to Bluetooth LE printers.</source>
        <translation>这台电脑的蓝牙适配器无法连接低功耗蓝牙（Bluetooth LE）打印机。</translation>
    </message>
    <message>
        <source>No Bluetooth adapter was found on this computer.</source>
        <translation>这台电脑上没有找到蓝牙适配器。</translation>
    </message>
    <message>
        <source>The printer is no longer visible to this computer.</source>
        <translation>这台电脑已看不到该打印机。</translation>
    </message>
    <message>
        <source>The printer rejected a data chunk as too long (ATT error 0x0d).</source>
        <translation>打印机以过长为由拒绝了一个数据块（ATT 错误 0x0d）。</translation>
    </message>
    <message>
        <source>This is a bug in Phocol Desktop&apos;s chunking; please save a support bundle.</source>
        <translation>这是 Phocol Desktop 数据分块的程序错误；请保存支持包。</translation>
    </message>
    <message>
        <source>The Bluetooth service (BlueZ) is not running on this computer.</source>
        <translation>这台电脑上的蓝牙服务（BlueZ）没有运行。</translation>
    </message>
    <message>
        <source>Start the Bluetooth service (bluetoothd), then try again.</source>
        <translation>请启动蓝牙服务（bluetoothd），然后重试。</translation>
    </message>
    <message>
        <source>Bluetooth is busy with another operation.</source>
        <translation>蓝牙正忙于其他操作。</translation>
    </message>
    <message>
        <source>The printer dropped the connection attempt.</source>
        <translation>打印机中断了连接尝试。</translation>
    </message>
    <message>
        <source>The printer disconnected.</source>
        <translation>打印机已断开连接。</translation>
    </message>
    <message>
        <source>The printer did not accept the connection in time.</source>
        <translation>打印机没有及时接受连接。</translation>
    </message>
    <message>
        <source>The connection to the Bluetooth service was lost.</source>
        <translation>与蓝牙服务的连接已丢失。</translation>
    </message>
    <message>
        <source>The system message bus (D-Bus) is not reachable, so Bluetooth cannot be used.</source>
        <translation>无法访问系统消息总线（D-Bus），因此无法使用蓝牙。</translation>
    </message>
    <message>
        <source>Switch Bluetooth on (or plug in an adapter), then try again. The virtual printer works without it.</source>
        <translation>请打开蓝牙（或插入蓝牙适配器），然后重试。虚拟打印机无需蓝牙也能使用。</translation>
    </message>
    <message>
        <source>Switch the printer off and on, make sure no phone is connected to it, keep it within a few metres, then try again.</source>
        <translation>请将打印机关机再开机，确认没有手机连接着它，并保持在几米范围内，然后重试。</translation>
    </message>
    <message>
        <source>Try again; if it keeps happening, save a support bundle so we can see what the printer refused.</source>
        <translation>请重试；如果问题持续出现，请保存支持包，以便我们查看打印机拒绝了什么。</translation>
    </message>
    <message>
        <source>Check that this is a supported printer (`phocol-desktop models`), or pick its model by hand.</source>
        <translation>请确认这是受支持的打印机（`phocol-desktop models`），或手动选择它的型号。</translation>
    </message>
    <message>
        <source>Another Bluetooth operation is still running; wait a moment and try again.</source>
        <translation>另一个蓝牙操作仍在进行；请稍等片刻后重试。</translation>
    </message>
    <message>
        <source>This is a bug in Phocol Desktop&apos;s chunking; a support bundle helps us fix it.</source>
        <translation>这是 Phocol Desktop 数据分块的程序错误；支持包可帮助我们修复它。</translation>
    </message>
    <message>
        <source>{0} is damaged and cannot be read ({1}).</source>
        <translation>{0} 已损坏，无法读取（{1}）。</translation>
    </message>
    <message>
        <source>{0} is damaged and cannot be read (it is incomplete).</source>
        <translation>{0} 已损坏，无法读取（文件不完整）。</translation>
    </message>
    <message>
        <source>{0} is not a photo Phocol Desktop can open (JPEG, PNG, WebP, GIF, BMP, TIFF, HEIC/HEIF or AVIF).</source>
        <translation>{0} 不是 Phocol Desktop 能打开的照片（JPEG、PNG、WebP、GIF、BMP、TIFF、HEIC/HEIF 或 AVIF）。</translation>
    </message>
    <message>
        <source>The photo uses the {0} colour mode, which Phocol Desktop cannot convert for printing.</source>
        <translation>这张照片使用 {0} 颜色模式，Phocol Desktop 无法将其转换以供打印。</translation>
    </message>
    <message>
        <source>{0} is empty (0 bytes).</source>
        <translation>{0} 是空文件（0 字节）。</translation>
    </message>
    <message>
        <source>{0} declares a picture far too large to decode safely.</source>
        <translation>{0} 声明的图片尺寸过大，无法安全解码。</translation>
    </message>
    <message>
        <source>{0} declares an empty picture ({1}x{2}).</source>
        <translation>{0} 声明的图片为空（{1}x{2}）。</translation>
    </message>
    <message>
        <source>{0} is {1}x{2} pixels ({3:.0f} MP); Phocol Desktop decodes at most {4:.0f} MP.</source>
        <translation>{0} 为 {1}x{2} 像素（{3:.0f} 百万像素）；Phocol Desktop 最多解码 {4:.0f} 百万像素。</translation>
    </message>
    <message>
        <source>{0} needs more memory to decode than is available.</source>
        <translation>解码 {0} 所需的内存超出了可用内存。</translation>
    </message>
</context>
<context>
    <name>IncomingJobsPanel</name>
    <message>
        <source>Incoming jobs</source>
        <translation>传入的打印任务</translation>
    </message>
    <message>
        <source>Incoming jobs from other apps</source>
        <translation>来自其他应用的打印任务</translation>
    </message>
    <message>
        <source>System printer state</source>
        <translation>系统打印机状态</translation>
    </message>
    <message>
        <source>Jobs</source>
        <translation>任务</translation>
    </message>
    <message>
        <source>The first page of the selected job appears here.</source>
        <translation>所选任务的第一页会显示在这里。</translation>
    </message>
    <message>
        <source>Exact preview of the job&apos;s first page</source>
        <translation>任务第一页的精确预览</translation>
    </message>
    <message>
        <source>&amp;Print</source>
        <translation>打印(&amp;P)</translation>
    </message>
    <message>
        <source>Print the selected job</source>
        <translation>打印所选任务</translation>
    </message>
    <message>
        <source>Cancel job</source>
        <translation>取消任务</translation>
    </message>
    <message>
        <source>Cancel the selected job</source>
        <translation>取消所选任务</translation>
    </message>
    <message>
        <source>Receiving jobs from the system printer “{0}”. Documents other apps print to it appear here.</source>
        <translation>正在接收系统打印机“{0}”的任务。其他应用打印到它的文档会显示在这里。</translation>
    </message>
    <message>
        <source>Not receiving jobs. Add Phocol to the system&apos;s printers (Printer menu) so other apps can print to it.</source>
        <translation>未在接收任务。将 Phocol 添加到系统打印机（“打印机”菜单）后，其他应用即可向它打印。</translation>
    </message>
    <message>
        <source>waiting for you</source>
        <translation>等待您确认</translation>
    </message>
    <message>
        <source>printing…</source>
        <translation>正在打印…</translation>
    </message>
    <message>
        <source>printed</source>
        <translation>已打印</translation>
    </message>
    <message>
        <source>not allowed</source>
        <translation>不允许</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>cannot be printed</source>
        <translation>无法打印</translation>
    </message>
    <message>
        <source>left in the system queue</source>
        <translation>已留在系统队列中</translation>
    </message>
    <message>
        <source>Untitled document</source>
        <translation>无标题文档</translation>
    </message>
    <message>
        <source>Pages: {0}</source>
        <translation>页数：{0}</translation>
    </message>
    <message>
        <source>Copies: {0}</source>
        <translation>份数：{0}</translation>
    </message>
</context>
<context>
    <name>IntroPage</name>
    <message>
        <source>Calibrate your printer</source>
        <translation>校准您的打印机</translation>
    </message>
    <message>
        <source>Printer</source>
        <translation>打印机</translation>
    </message>
    <message>
        <source>Speed</source>
        <translation>速度</translation>
    </message>
    <message>
        <source>Darkness</source>
        <translation>浓度</translation>
    </message>
    <message>
        <source>Add this printer</source>
        <translation>添加这台打印机</translation>
    </message>
    <message>
        <source>Print a ladder of numbered test blocks, each sent faster, and tell which one printed completely. Later prints go as fast as this printer can take without losing data.</source>
        <translation>打印一组带编号的测试块（速度阶梯），每一块都发送得更快，然后告诉我们哪一块打印完整。之后的打印会以这台打印机能承受且不丢数据的最快速度进行。</translation>
    </message>
    <message>
        <source>Print one patch per darkness level and pick the one you like. It becomes this printer&apos;s default.</source>
        <translation>为每个浓度级别打印一个色块，选出您喜欢的那个。它将成为这台打印机的默认浓度。</translation>
    </message>
    <message>
        <source>For a printer Phocol Desktop does not recognise: find out how it talks from its answers, print a width ruler, and save it as a printer model of your own.</source>
        <translation>适用于 Phocol Desktop 无法识别的打印机：根据它的应答确定通信方式，打印宽度标尺，并将它保存为您自己的打印机型号。</translation>
    </message>
    <message>
        <source>Uses about 40 cm of paper for speed, 25 cm for darkness. The results are kept for this printer only, under a pseudonym (never its address), and Calibrate again or “Forget” undoes them.</source>
        <translation>速度校准约用 40 厘米纸，浓度校准约用 25 厘米。结果只用于这台打印机，以化名保存（绝不保存它的地址）；再次校准或点击“忘记”即可撤销。</translation>
    </message>
    <message>
        <source>Paper needed</source>
        <translation>所需纸张</translation>
    </message>
    <message>
        <source>Forget this printer&apos;s calibration</source>
        <translation>忘记这台打印机的校准</translation>
    </message>
    <message>
        <source>Connect to a Bluetooth printer first (Search printers, then Connect). The built-in virtual printer needs no calibration.</source>
        <translation>请先连接一台蓝牙打印机（先搜索打印机，再连接）。内置的虚拟打印机无需校准。</translation>
    </message>
    <message>
        <source>Printer: {0} ({1})</source>
        <translation>打印机：{0}（{1}）</translation>
    </message>
    <message>
        <source>unknown model</source>
        <translation>未知型号</translation>
    </message>
    <message>
        <source>Printer: {0}, not a model Phocol Desktop knows. Add it first.</source>
        <translation>打印机：{0}，不是 Phocol Desktop 已知的型号。请先添加它。</translation>
    </message>
    <message>
        <source>Calibration forgotten: this printer uses the standard settings again.</source>
        <translation>已忘记校准：这台打印机重新使用标准设置。</translation>
    </message>
</context>
<context>
    <name>LadderPage</name>
    <message>
        <source>Print the speed ladder</source>
        <translation>打印速度阶梯</translation>
    </message>
    <message>
        <source>The printer prints numbered blocks, each sent faster than the one before. A block sent faster than the printer can print loses data: its bars tear, its checker shifts, or it is missing. Keep the printer still and the paper loaded.</source>
        <translation>打印机会打印一组带编号的块，每一块都比前一块发送得更快。发送速度超过打印速度的块会丢失数据：横条断裂、棋盘格错位，或整块缺失。请保持打印机平稳，并装好纸。</translation>
    </message>
    <message>
        <source>What happens</source>
        <translation>实际处理方式</translation>
    </message>
    <message>
        <source>Print the ladder</source>
        <translation>打印阶梯</translation>
    </message>
    <message>
        <source>Ladder progress</source>
        <translation>阶梯打印进度</translation>
    </message>
    <message>
        <source>Ladder state</source>
        <translation>阶梯状态</translation>
    </message>
    <message>
        <source>Preparing the ladder…</source>
        <translation>正在准备阶梯…</translation>
    </message>
    <message>
        <source>{0} blocks, from {1:.0f} to {2:.0f} mm/s.</source>
        <translation>共 {0} 块，速度从 {1:.0f} 到 {2:.0f} 毫米/秒。</translation>
    </message>
    <message>
        <source>Printing…</source>
        <translation>正在打印…</translation>
    </message>
    <message>
        <source>Block {0} of {1} sent.</source>
        <translation>已发送第 {0} 块，共 {1} 块。</translation>
    </message>
    <message>
        <source>The ladder is printed. Tear it off and look at it closely.</source>
        <translation>阶梯已打印完成。请撕下来仔细查看。</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Phocol Desktop main window</source>
        <translation>Phocol Desktop 主窗口</translation>
    </message>
    <message>
        <source>Limited mode</source>
        <translation>受限模式</translation>
    </message>
    <message>
        <source>Limited mode: you disagreed with the privacy notice, so Bluetooth and the camera are off. The editor works. You can read the notice again and agree at any time.</source>
        <translation>受限模式：您不同意隐私告知，因此蓝牙和相机已关闭。编辑器仍可使用。您可以随时重新阅读告知并选择同意。</translation>
    </message>
    <message>
        <source>Review the privacy notice…</source>
        <translation>重新查看隐私告知…</translation>
    </message>
    <message>
        <source>Review the privacy notice</source>
        <translation>重新查看隐私告知</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Privacy state</source>
        <translation>隐私状态</translation>
    </message>
    <message>
        <source>Main</source>
        <translation>主工具栏</translation>
    </message>
    <message>
        <source>Main toolbar</source>
        <translation>主工具栏</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>Take photo with &amp;camera…</source>
        <translation>用相机拍照(&amp;C)…</translation>
    </message>
    <message>
        <source>New from &amp;template…</source>
        <translation>从模板新建(&amp;T)…</translation>
    </message>
    <message>
        <source>Open &amp;project…</source>
        <translation>打开项目(&amp;P)…</translation>
    </message>
    <message>
        <source>&amp;Save project…</source>
        <translation>保存项目(&amp;S)…</translation>
    </message>
    <message>
        <source>&amp;Export paper as PNG…</source>
        <translation>将纸面导出为 PNG(&amp;E)…</translation>
    </message>
    <message>
        <source>Recent projects</source>
        <translation>最近的项目</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>撤销(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>重做(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Paste photo</source>
        <translation>粘贴照片(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>Fit preview to window</source>
        <translation>预览适应窗口</translation>
    </message>
    <message>
        <source>True size (as on paper)</source>
        <translation>实际大小（与纸面一致）</translation>
    </message>
    <message>
        <source>Zoom 2 px per dot</source>
        <translation>缩放：每点 2 像素</translation>
    </message>
    <message>
        <source>Zoom 4 px per dot</source>
        <translation>缩放：每点 4 像素</translation>
    </message>
    <message>
        <source>&amp;Printer</source>
        <translation>打印机(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Search printers</source>
        <translation>搜索打印机(&amp;S)</translation>
    </message>
    <message>
        <source>Save the virtual printer&apos;s &amp;paper…</source>
        <translation>保存虚拟打印机的纸张(&amp;P)…</translation>
    </message>
    <message>
        <source>&amp;Calibrate…</source>
        <translation>校准(&amp;C)…</translation>
    </message>
    <message>
        <source>Bluetooth &amp;adapter…</source>
        <translation>蓝牙适配器(&amp;A)…</translation>
    </message>
    <message>
        <source>&amp;Print</source>
        <translation>打印(&amp;P)</translation>
    </message>
    <message>
        <source>P&amp;rivacy</source>
        <translation>隐私(&amp;R)</translation>
    </message>
    <message>
        <source>Privacy &amp;dashboard…</source>
        <translation>隐私中心(&amp;D)…</translation>
    </message>
    <message>
        <source>Privacy &amp;notice…</source>
        <translation>隐私告知(&amp;N)…</translation>
    </message>
    <message>
        <source>Privacy &amp;policy…</source>
        <translation>隐私政策(&amp;P)…</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>System language</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>Create &amp;support bundle…</source>
        <translation>创建支持包(&amp;S)…</translation>
    </message>
    <message>
        <source>&amp;Crash logs…</source>
        <translation>崩溃日志(&amp;C)…</translation>
    </message>
    <message>
        <source>&amp;About Phocol Desktop</source>
        <translation>关于 Phocol Desktop(&amp;A)</translation>
    </message>
    <message>
        <source>Opening {0}…</source>
        <translation>正在打开 {0}…</translation>
    </message>
    <message>
        <source>Camera photo</source>
        <translation>相机照片</translation>
    </message>
    <message>
        <source>Camera</source>
        <translation>相机</translation>
    </message>
    <message>
        <source>Camera message</source>
        <translation>相机消息</translation>
    </message>
    <message>
        <source>The clipboard holds no picture.</source>
        <translation>剪贴板中没有图片。</translation>
    </message>
    <message>
        <source>Pasted picture</source>
        <translation>粘贴的图片</translation>
    </message>
    <message>
        <source>Opened {0}</source>
        <translation>已打开 {0}</translation>
    </message>
    <message>
        <source>Paper (exact dots)</source>
        <translation>纸面（实际打印点）</translation>
    </message>
    <message>
        <source>Paper preview</source>
        <translation>纸面预览</translation>
    </message>
    <message>
        <source>Fit</source>
        <translation>适应</translation>
    </message>
    <message>
        <source>Show the whole paper (Ctrl+0)</source>
        <translation>显示整张纸（Ctrl+0）</translation>
    </message>
    <message>
        <source>1:1</source>
        <translation>1:1</translation>
    </message>
    <message>
        <source>One screen pixel per printer dot</source>
        <translation>每个打印点对应一个屏幕像素</translation>
    </message>
    <message>
        <source>2×</source>
        <translation>2×</translation>
    </message>
    <message>
        <source>Two screen pixels per printer dot (Ctrl+2)</source>
        <translation>每个打印点对应两个屏幕像素（Ctrl+2）</translation>
    </message>
    <message>
        <source>4×</source>
        <translation>4×</translation>
    </message>
    <message>
        <source>Four screen pixels per printer dot (Ctrl+4)</source>
        <translation>每个打印点对应四个屏幕像素（Ctrl+4）</translation>
    </message>
    <message>
        <source>8×</source>
        <translation>8×</translation>
    </message>
    <message>
        <source>Eight screen pixels per printer dot, with a dot grid</source>
        <translation>每个打印点对应八个屏幕像素，并显示点阵网格</translation>
    </message>
    <message>
        <source>Zoom</source>
        <translation>缩放</translation>
    </message>
    <message>
        <source>Paper</source>
        <translation>纸张</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>预览</translation>
    </message>
    <message>
        <source>Printed</source>
        <translation>打印结果</translation>
    </message>
    <message>
        <source>What the last print put on paper, with the job&apos;s facts</source>
        <translation>上次打印在纸上的内容及任务详情</translation>
    </message>
    <message>
        <source>&amp;Open photo or PDF…</source>
        <translation>打开照片或 PDF(&amp;O)…</translation>
    </message>
    <message>
        <source>Print &amp;banner…</source>
        <translation>打印横幅(&amp;B)…</translation>
    </message>
    <message>
        <source>Zoom in</source>
        <translation>放大</translation>
    </message>
    <message>
        <source>Zoom out</source>
        <translation>缩小</translation>
    </message>
    <message>
        <source>&amp;Printed result</source>
        <translation>打印结果(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Add to the system&apos;s printers…</source>
        <translation>添加到系统打印机(&amp;A)…</translation>
    </message>
    <message>
        <source>Open photo or PDF</source>
        <translation>打开照片或 PDF</translation>
    </message>
    <message>
        <source>Add to the system&apos;s printers</source>
        <translation>添加到系统打印机</translation>
    </message>
    <message>
        <source>Add a printer called “Phocol” to this computer, so any app can print to it? Documents printed to it come to Phocol Desktop over a private local connection (no network) and wait here until you press Print.</source>
        <translation>要在这台电脑上添加一台名为“Phocol”的打印机，让任何应用都能向它打印吗？打印到它的文档会通过本机私有连接（不经过网络）送到 Phocol Desktop，并在这里等待，直到您按下“打印”。</translation>
    </message>
    <message>
        <source>Adding the system printer…</source>
        <translation>正在添加系统打印机…</translation>
    </message>
    <message>
        <source>Added the system printer “{0}”.</source>
        <translation>已添加系统打印机“{0}”。</translation>
    </message>
    <message>
        <source>{0} — Phocol Desktop</source>
        <translation>{0} — Phocol Desktop</translation>
    </message>
    <message>
        <source>Open a photo first (File ▸ Open photo or PDF…).</source>
        <translation>请先打开照片（文件 ▸ 打开照片或 PDF…）。</translation>
    </message>
    <message>
        <source>Print the paper as previewed</source>
        <translation>按预览打印纸张</translation>
    </message>
    <message>
        <source>{0} × {1} dots · {2:.0f} × {3:.0f} mm</source>
        <translation>{0} × {1} 点 · {2:.0f} × {3:.0f} 毫米</translation>
    </message>
    <message>
        <source>No installed font has {0}: left out of the caption. Install a font for that script (for example Noto fonts).</source>
        <translation>已安装的字体都没有 {0}：文字中已略去这些字符。请安装支持该书写系统的字体（例如 Noto 字体）。</translation>
    </message>
    <message>
        <source>Open a photo first.</source>
        <translation>请先打开一张照片。</translation>
    </message>
    <message>
        <source>Save project</source>
        <translation>保存项目</translation>
    </message>
    <message>
        <source>Saved {0}</source>
        <translation>已保存 {0}</translation>
    </message>
    <message>
        <source>Open project</source>
        <translation>打开项目</translation>
    </message>
    <message>
        <source>Recent projects could not be read: {0}</source>
        <translation>无法读取最近的项目：{0}</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <source>Kept only until you quit: this computer has no system keyring to encrypt it</source>
        <translation>仅保留到您退出：这台电脑没有可用于加密的系统密钥环</translation>
    </message>
    <message>
        <source>Storage choices…</source>
        <translation>存储选项…</translation>
    </message>
    <message>
        <source>Export paper as PNG</source>
        <translation>将纸面导出为 PNG</translation>
    </message>
    <message>
        <source>Exported {0}</source>
        <translation>已导出 {0}</translation>
    </message>
    <message>
        <source>Save the virtual printer&apos;s paper</source>
        <translation>保存虚拟打印机的纸张</translation>
    </message>
    <message>
        <source>Virtual Phocol printer</source>
        <translation>虚拟 Phocol 打印机</translation>
    </message>
    <message>
        <source>Built in: prints to an image on this computer</source>
        <translation>内置：在这台电脑上打印成图片</translation>
    </message>
    <message>
        <source>unknown model</source>
        <translation>未知型号</translation>
    </message>
    <message>
        <source>{0} · signal {1} dBm</source>
        <translation>{0} · 信号 {1} dBm</translation>
    </message>
    <message>
        <source>{0} mm roll</source>
        <translation>{0} 毫米连续纸</translation>
    </message>
    <message>
        <source>{0} × {1} mm label</source>
        <translation>{0} × {1} 毫米标签</translation>
    </message>
    <message>
        <source>Bluetooth is off in limited mode (you disagreed with the privacy notice). The editor works.</source>
        <translation>受限模式下蓝牙已关闭（您不同意隐私声明）。编辑器仍可使用。</translation>
    </message>
    <message>
        <source>Bluetooth is not allowed. Allow it in Privacy to find printers; the virtual printer works.</source>
        <translation>蓝牙未获允许。请在“隐私”中允许蓝牙以查找打印机；虚拟打印机仍可使用。</translation>
    </message>
    <message>
        <source>Bluetooth was not allowed this time, so no search ran. The virtual printer works.</source>
        <translation>本次未允许蓝牙，因此没有搜索。虚拟打印机仍可使用。</translation>
    </message>
    <message>
        <source>Allow…</source>
        <translation>允许…</translation>
    </message>
    <message>
        <source>No search: Bluetooth is not allowed.</source>
        <translation>未搜索：蓝牙未获允许。</translation>
    </message>
    <message>
        <source>Searching for printers…</source>
        <translation>正在搜索打印机…</translation>
    </message>
    <message>
        <source>Search finished.</source>
        <translation>搜索完成。</translation>
    </message>
    <message>
        <source>{0} is built in and always ready: no connection needed.</source>
        <translation>{0}为内置打印机，随时可用，无需连接。</translation>
    </message>
    <message>
        <source>Connecting to {0}…</source>
        <translation>正在连接{0}…</translation>
    </message>
    <message>
        <source>Connected to {0}.</source>
        <translation>已连接{0}。</translation>
    </message>
    <message>
        <source>Bluetooth is not allowed, so the adapters cannot be listed.</source>
        <translation>蓝牙未获允许，因此无法列出适配器。</translation>
    </message>
    <message>
        <source>Bluetooth adapter: {0}</source>
        <translation>蓝牙适配器：{0}</translation>
    </message>
    <message>
        <source>system&apos;s choice</source>
        <translation>由系统选择</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>正在开始…</translation>
    </message>
    <message>
        <source>Printing…</source>
        <translation>正在打印…</translation>
    </message>
    <message>
        <source>%p% · about {0} s left</source>
        <translation>%p% · 约剩 {0} 秒</translation>
    </message>
    <message>
        <source>Printed.</source>
        <translation>打印完成。</translation>
    </message>
    <message>
        <source>Printed on {0}. The Printed tab shows the paper (Preview to go back).</source>
        <translation>已在{0}上打印。“打印结果”标签页显示纸张（点“预览”返回）。</translation>
    </message>
    <message>
        <source>Printing stopped because of an unexpected error ({0}). Nothing will be re-sent.</source>
        <translation>因意外错误（{0}）打印已停止。不会自动重新发送任何内容。</translation>
    </message>
    <message>
        <source>Preparing the support bundle…</source>
        <translation>正在准备支持包…</translation>
    </message>
    <message>
        <source>No support bundle was saved.</source>
        <translation>未保存支持包。</translation>
    </message>
    <message>
        <source>Saved the support bundle as {0}</source>
        <translation>支持包已保存为 {0}</translation>
    </message>
    <message>
        <source>Off in limited mode (you disagreed with the privacy notice)</source>
        <translation>受限模式下不可用（您未同意隐私告知）</translation>
    </message>
    <message>
        <source>Limited mode — editor only</source>
        <translation>受限模式 — 仅可使用编辑器</translation>
    </message>
    <message>
        <source>Data stays on this device</source>
        <translation>数据仅保存在本设备上</translation>
    </message>
    <message>
        <source>The language changes the next time Phocol Desktop starts.</source>
        <translation>语言将在 Phocol Desktop 下次启动时更改。</translation>
    </message>
    <message>
        <source>Phocol Desktop {0}

Prints photos on Phocol Bluetooth printers. Everything stays on this computer: the app has no network access.</source>
        <translation>Phocol Desktop {0}

在 Phocol 蓝牙打印机上打印照片。所有数据都保留在您的电脑上：本应用不访问网络。</translation>
    </message>
    <message>
        <source>About Phocol Desktop</source>
        <translation>关于 Phocol Desktop</translation>
    </message>
    <message>
        <source>Something went wrong: {0}</source>
        <translation>出现问题：{0}</translation>
    </message>
    <message>
        <source>Phocol Desktop</source>
        <translation>Phocol Desktop</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>错误</translation>
    </message>
</context>
<context>
    <name>NoticeDialog</name>
    <message>
        <source>Privacy notice</source>
        <translation>隐私告知</translation>
    </message>
    <message>
        <source>Notice sections</source>
        <translation>告知内容分页</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>摘要</translation>
    </message>
    <message>
        <source>What changed</source>
        <translation>变更内容</translation>
    </message>
    <message>
        <source>Full privacy policy text</source>
        <translation>隐私政策全文</translation>
    </message>
    <message>
        <source>Full policy</source>
        <translation>政策全文</translation>
    </message>
    <message>
        <source>Policy language note</source>
        <translation>政策语言说明</translation>
    </message>
    <message>
        <source>Policy effective date (as published): {0} · SHA-256 {1}</source>
        <translation>政策生效日期（按原文）：{0} · SHA-256 {1}</translation>
    </message>
    <message>
        <source>Policy version and hash</source>
        <translation>政策版本和哈希值</translation>
    </message>
    <message>
        <source>&amp;Agree and continue</source>
        <translation>同意并继续(&amp;A)</translation>
    </message>
    <message>
        <source>Use the app; each permission is still asked when needed</source>
        <translation>使用本应用；每项权限仍会在需要时单独询问</translation>
    </message>
    <message>
        <source>&amp;Disagree</source>
        <translation>不同意(&amp;D)</translation>
    </message>
    <message>
        <source>Use the editor only; Bluetooth and camera stay off</source>
        <translation>仅使用编辑器；蓝牙和相机保持关闭</translation>
    </message>
</context>
<context>
    <name>PaperPreview</name>
    <message>
        <source>Paper preview</source>
        <translation>纸面预览</translation>
    </message>
    <message>
        <source>The exact dots the printer will print</source>
        <translation>打印机将实际打印的每个点</translation>
    </message>
    <message>
        <source>Open a photo to see exactly what the paper will show.</source>
        <translation>打开照片后，可在此准确查看纸上的打印效果。</translation>
    </message>
    <message>
        <source>Fit ({0})</source>
        <translation>适应（{0}）</translation>
    </message>
    <message>
        <source>True size ({0})</source>
        <translation>实际尺寸（{0}）</translation>
    </message>
</context>
<context>
    <name>PermissionPrompt</name>
    <message>
        <source>Why this is needed</source>
        <translation>为什么需要此权限</translation>
    </message>
    <message>
        <source>What is used and kept</source>
        <translation>会使用和保存哪些内容</translation>
    </message>
    <message>
        <source>&amp;Allow</source>
        <translation>允许(&amp;A)</translation>
    </message>
    <message>
        <source>Allow until you revoke it in Privacy</source>
        <translation>一直允许，直到您在“隐私”中撤销</translation>
    </message>
    <message>
        <source>Allow &amp;only this time</source>
        <translation>仅本次允许(&amp;O)</translation>
    </message>
    <message>
        <source>Ask again next time</source>
        <translation>下次仍会询问</translation>
    </message>
    <message>
        <source>&amp;Don&apos;t allow</source>
        <translation>不允许(&amp;D)</translation>
    </message>
    <message>
        <source>The rest of the app keeps working</source>
        <translation>应用的其他功能照常可用</translation>
    </message>
</context>
<context>
    <name>PrintPanel</name>
    <message>
        <source>Print</source>
        <translation>打印</translation>
    </message>
    <message>
        <source>Print panel</source>
        <translation>打印面板</translation>
    </message>
    <message>
        <source>Paper size</source>
        <translation>纸张尺寸</translation>
    </message>
    <message>
        <source>Paper</source>
        <translation>纸张</translation>
    </message>
    <message>
        <source>Fit</source>
        <translation>适配方式</translation>
    </message>
    <message>
        <source>Fit whole photo</source>
        <translation>完整显示照片</translation>
    </message>
    <message>
        <source>Fill the label</source>
        <translation>填满标签</translation>
    </message>
    <message>
        <source>Density</source>
        <translation>浓度</translation>
    </message>
    <message>
        <source>Darkness of the print</source>
        <translation>打印深浅</translation>
    </message>
    <message>
        <source>Copies</source>
        <translation>份数</translation>
    </message>
    <message>
        <source>&amp;Print</source>
        <translation>打印(&amp;P)</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Cancel printing</source>
        <translation>取消打印</translation>
    </message>
    <message>
        <source>Nothing is printing</source>
        <translation>当前没有正在打印的任务</translation>
    </message>
    <message>
        <source>Print progress</source>
        <translation>打印进度</translation>
    </message>
    <message>
        <source>Print message</source>
        <translation>打印消息</translation>
    </message>
</context>
<context>
    <name>PrintedResultView</name>
    <message>
        <source>Printed result</source>
        <translation>打印结果</translation>
    </message>
    <message>
        <source>Facts of the last print</source>
        <translation>上次打印的详情</translation>
    </message>
    <message>
        <source>Nothing printed yet.</source>
        <translation>尚未打印任何内容。</translation>
    </message>
    <message>
        <source>Printed paper</source>
        <translation>打印出的纸张</translation>
    </message>
    <message>
        <source>What the last print put on paper</source>
        <translation>上次打印在纸上的内容</translation>
    </message>
    <message>
        <source>After printing, the paper of the last job shows here.</source>
        <translation>打印后，上次任务的纸张会显示在这里。</translation>
    </message>
    <message>
        <source>The virtual printer&apos;s paper, printed at {0}</source>
        <translation>虚拟打印机的纸张，打印于 {0}</translation>
    </message>
    <message>
        <source>The dots sent to {0} at {1}</source>
        <translation>于 {1} 发送给{0}的点阵</translation>
    </message>
    <message>
        <source>pages: {0} · copies: {1} · {2} sent · {3} s</source>
        <translation>页数：{0} · 份数：{1} · 已发送 {2} · {3} 秒</translation>
    </message>
</context>
<context>
    <name>PrinterPanel</name>
    <message>
        <source>Printer</source>
        <translation>打印机</translation>
    </message>
    <message>
        <source>Printer panel</source>
        <translation>打印机面板</translation>
    </message>
    <message>
        <source>Printers</source>
        <translation>打印机列表</translation>
    </message>
    <message>
        <source>Printers found nearby and the virtual printer</source>
        <translation>附近找到的打印机和虚拟打印机</translation>
    </message>
    <message>
        <source>&amp;Search printers</source>
        <translation>搜索打印机(&amp;S)</translation>
    </message>
    <message>
        <source>Search printers</source>
        <translation>搜索打印机</translation>
    </message>
    <message>
        <source>Asks for Bluetooth permission the first time</source>
        <translation>首次使用时会请求蓝牙权限</translation>
    </message>
    <message>
        <source>&amp;Connect</source>
        <translation>连接(&amp;C)</translation>
    </message>
    <message>
        <source>Connect</source>
        <translation>连接</translation>
    </message>
    <message>
        <source>Bluetooth state</source>
        <translation>蓝牙状态</translation>
    </message>
</context>
<context>
    <name>PrinterStatus</name>
    <message>
        <source>Link</source>
        <translation>连接</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>型号</translation>
    </message>
    <message>
        <source>Battery</source>
        <translation>电量</translation>
    </message>
    <message>
        <source>Paper</source>
        <translation>纸张</translation>
    </message>
    <message>
        <source>Cover</source>
        <translation>机盖</translation>
    </message>
    <message>
        <source>Print head</source>
        <translation>打印头</translation>
    </message>
    <message>
        <source>Firmware</source>
        <translation>固件</translation>
    </message>
    <message>
        <source>Serial</source>
        <translation>序列号</translation>
    </message>
    <message>
        <source>Auto-off</source>
        <translation>自动关机</translation>
    </message>
    <message>
        <source>Not ready</source>
        <translation>未就绪</translation>
    </message>
    <message>
        <source>not reported</source>
        <translation>未报告</translation>
    </message>
    <message>
        <source>connected</source>
        <translation>已连接</translation>
    </message>
    <message>
        <source>not connected</source>
        <translation>未连接</translation>
    </message>
    <message>
        <source>{0} %</source>
        <translation>{0}%</translation>
    </message>
    <message>
        <source>low (below {0} %)</source>
        <translation>电量低（低于 {0}%）</translation>
    </message>
    <message>
        <source>loaded</source>
        <translation>已装纸</translation>
    </message>
    <message>
        <source>out of paper</source>
        <translation>缺纸</translation>
    </message>
    <message>
        <source>open</source>
        <translation>已打开</translation>
    </message>
    <message>
        <source>closed</source>
        <translation>已合上</translation>
    </message>
    <message>
        <source>reported, meaning unknown</source>
        <translation>已报告，含义未知</translation>
    </message>
    <message>
        <source>too hot</source>
        <translation>过热</translation>
    </message>
    <message>
        <source>normal</source>
        <translation>正常</translation>
    </message>
    <message>
        <source>after {0} min</source>
        <translation>{0} 分钟后</translation>
    </message>
    <message>
        <source>Phocol printer (generic 384-dot)</source>
        <translation>Phocol 打印机（通用 384 点）</translation>
    </message>
    <message>
        <source>The printer is out of paper.</source>
        <translation>打印机缺纸。</translation>
    </message>
    <message>
        <source>The printer&apos;s cover is open.</source>
        <translation>打印机机盖已打开。</translation>
    </message>
    <message>
        <source>The print head is too hot.</source>
        <translation>打印头过热。</translation>
    </message>
</context>
<context>
    <name>PrivacyDashboard</name>
    <message>
        <source>Privacy dashboard</source>
        <translation>隐私中心</translation>
    </message>
    <message>
        <source>Consent record status</source>
        <translation>同意记录状态</translation>
    </message>
    <message>
        <source>I have seen this</source>
        <translation>我已知悉</translation>
    </message>
    <message>
        <source>Acknowledge the integrity notice</source>
        <translation>确认您已看到完整性提示</translation>
    </message>
    <message>
        <source>Limited mode: you disagreed with the privacy notice, so Bluetooth and the camera stay off. Read the notice again to change your answer.</source>
        <translation>受限模式：您不同意隐私告知，因此蓝牙和相机保持关闭。重新阅读告知即可更改您的回答。</translation>
    </message>
    <message>
        <source>Limited mode</source>
        <translation>受限模式</translation>
    </message>
    <message>
        <source>Review the privacy notice…</source>
        <translation>重新查看隐私告知…</translation>
    </message>
    <message>
        <source>Review the privacy notice</source>
        <translation>重新查看隐私告知</translation>
    </message>
    <message>
        <source>Privacy sections</source>
        <translation>隐私中心分页</translation>
    </message>
    <message>
        <source>Close privacy dashboard</source>
        <translation>关闭隐私中心</translation>
    </message>
    <message>
        <source>Permissions</source>
        <translation>权限</translation>
    </message>
    <message>
        <source>Activity (7 days)</source>
        <translation>活动（7 天）</translation>
    </message>
    <message>
        <source>Consent record</source>
        <translation>同意记录</translation>
    </message>
    <message>
        <source>Your data</source>
        <translation>您的数据</translation>
    </message>
    <message>
        <source>In this build</source>
        <translation>本版本情况</translation>
    </message>
    <message>
        <source>Policy</source>
        <translation>政策</translation>
    </message>
    <message>
        <source>Contact</source>
        <translation>联系</translation>
    </message>
    <message>
        <source>Some of your data on this computer was damaged: {0}. What it held is not shown; no permission was granted by it and nothing left this computer. The damaged file was moved to quarantine (kept as evidence, included in an export) and started empty. You can export your data to keep a copy, then press &quot;I have seen this&quot;.</source>
        <translation>您在这台电脑上的部分数据已损坏：{0}。其中保存的内容不再显示；它没有授予任何权限，也没有任何数据离开这台电脑。损坏的文件已移入隔离区（作为证据保留，并包含在导出中），并以空白重新开始。您可以先导出数据留存副本，然后点击“我已知悉”。</translation>
    </message>
    <message>
        <source>Consent record verified: {0} entries, chain intact. Your data stays on this computer.</source>
        <translation>同意记录已校验：共 {0} 条，链条完整。您的数据保留在这台电脑上。</translation>
    </message>
    <message>
        <source>Something went wrong: {0}</source>
        <translation>出现问题：{0}</translation>
    </message>
    <message>
        <source>Each feature asks when you first use it. Change any decision here at any time; refusing never stops the editor from working.</source>
        <translation>每项功能会在您首次使用时询问。您可以随时在此更改任何决定；拒绝不会影响编辑器的使用。</translation>
    </message>
    <message>
        <source>About permissions</source>
        <translation>关于权限</translation>
    </message>
    <message>
        <source>Why {0} is needed</source>
        <translation>为什么需要 {0}</translation>
    </message>
    <message>
        <source>State: {0} · Last used: {1}</source>
        <translation>状态：{0} · 上次使用：{1}</translation>
    </message>
    <message>
        <source>never</source>
        <translation>从未</translation>
    </message>
    <message>
        <source>State of {0}</source>
        <translation>{0} 的状态</translation>
    </message>
    <message>
        <source>Allow</source>
        <translation>允许</translation>
    </message>
    <message>
        <source>Ask every time</source>
        <translation>每次询问</translation>
    </message>
    <message>
        <source>Don&apos;t allow</source>
        <translation>不允许</translation>
    </message>
    <message>
        <source>Why {0} cannot be allowed now</source>
        <translation>为什么现在无法允许{0}</translation>
    </message>
    <message>
        <source>not decided yet (asked when you first use it)</source>
        <translation>尚未决定（首次使用时询问）</translation>
    </message>
    <message>
        <source>allowed</source>
        <translation>已允许</translation>
    </message>
    <message>
        <source>not allowed</source>
        <translation>不允许</translation>
    </message>
    <message>
        <source>ask every time</source>
        <translation>每次询问</translation>
    </message>
    <message>
        <source>not in this build</source>
        <translation>本版本不包含</translation>
    </message>
    <message>
        <source>Allow until you turn it off here</source>
        <translation>一直允许，直到您在此处关闭</translation>
    </message>
    <message>
        <source>Ask each time a feature needs it</source>
        <translation>每次有功能需要时都询问您</translation>
    </message>
    <message>
        <source>Turn it off now; data kept only for it is deleted</source>
        <translation>立即关闭；仅为此保存的数据将被删除</translation>
    </message>
    <message>
        <source>Off in limited mode: you disagreed with the privacy notice. To allow this, open Privacy ▸ Privacy notice… (or the button above) and agree.</source>
        <translation>受限模式下已关闭：您不同意隐私告知。如需允许，请打开“隐私 ▸ 隐私告知…”（或点击上方按钮）并选择同意。</translation>
    </message>
    <message>
        <source>Already allowed.</source>
        <translation>已经允许。</translation>
    </message>
    <message>
        <source>Already asks every time.</source>
        <translation>已设为每次询问。</translation>
    </message>
    <message>
        <source>Already not allowed.</source>
        <translation>已经不允许。</translation>
    </message>
    <message>
        <source>Not included in this build.</source>
        <translation>本版本不包含此功能。</translation>
    </message>
    <message>
        <source>Needed for the app to work; nothing to decide.</source>
        <translation>应用运行所必需；无需决定。</translation>
    </message>
    <message>
        <source>Not a choice for this purpose.</source>
        <translation>此用途不提供该选项。</translation>
    </message>
    <message>
        <source>Every use of a permission in the last 7 days, and the feature behind it.</source>
        <translation>过去 7 天内每一次权限使用，以及使用它的功能。</translation>
    </message>
    <message>
        <source>About activity</source>
        <translation>关于活动记录</translation>
    </message>
    <message>
        <source>Activity list</source>
        <translation>活动列表</translation>
    </message>
    <message>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Permission</source>
        <translation>权限</translation>
    </message>
    <message>
        <source>Feature</source>
        <translation>功能</translation>
    </message>
    <message>
        <source>Clear activity list</source>
        <translation>清除活动列表</translation>
    </message>
    <message>
        <source>Every decision you make is kept in an append-only record on this computer. Each entry is chained to the one before, so a change to any of them is noticed (tamper-evident, not tamper-proof); if the check fails, a banner says so and the affected permissions count as refused.</source>
        <translation>您的每项决定都保存在本电脑上一份只能追加的记录中。每条记录都与前一条相链接，任何一条被改动都会被发现（可发现篡改，但不能防止篡改）；如果校验失败，会显示横幅提示，受影响的权限将视为已拒绝。</translation>
    </message>
    <message>
        <source>About the consent record</source>
        <translation>关于同意记录</translation>
    </message>
    <message>
        <source>#</source>
        <translation>#</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>事件</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>详情</translation>
    </message>
    <message>
        <source>Verify the record now</source>
        <translation>立即校验记录</translation>
    </message>
    <message>
        <source>Export saves a copy of everything Phocol Desktop keeps about you (settings, printers, history, the consent record) as JSON plus a readable summary. Erase deletes all of it from this computer and starts over. There is no account: erasing is not logging out, it removes the data itself.</source>
        <translation>导出会将 Phocol Desktop 保存的与您有关的全部数据（设置、打印机、历史记录、同意记录）另存为 JSON 文件，并附一份易读的摘要。清除会从本电脑删除所有这些数据并重新开始。本应用没有账户：清除不是退出登录，而是删除数据本身。</translation>
    </message>
    <message>
        <source>About your data</source>
        <translation>关于您的数据</translation>
    </message>
    <message>
        <source>Export my data…</source>
        <translation>导出我的数据…</translation>
    </message>
    <message>
        <source>Export my data</source>
        <translation>导出我的数据</translation>
    </message>
    <message>
        <source>Erase all my data…</source>
        <translation>清除我的全部数据…</translation>
    </message>
    <message>
        <source>Erase all my data</source>
        <translation>清除我的全部数据</translation>
    </message>
    <message>
        <source>How long data is kept</source>
        <translation>数据保存期限</translation>
    </message>
    <message>
        <source>Recent files</source>
        <translation>最近文件</translation>
    </message>
    <message>
        <source>The list of photos and projects you opened lately (never the files themselves).</source>
        <translation>您最近打开的照片和项目列表（从不保存文件本身）。</translation>
    </message>
    <message>
        <source>Print history</source>
        <translation>打印历史</translation>
    </message>
    <message>
        <source>When you printed, on which model, with which settings; never the picture.</source>
        <translation>何时打印、使用哪个型号和哪些设置；从不保存图片。</translation>
    </message>
    <message>
        <source>Crash logs</source>
        <translation>崩溃日志</translation>
    </message>
    <message>
        <source>Kept only if you turned crash logs on; redacted.</source>
        <translation>仅在您开启崩溃日志时保存；已去除身份信息。</translation>
    </message>
    <message>
        <source>Permission activity</source>
        <translation>权限使用记录</translation>
    </message>
    <message>
        <source>The 7-day list of which feature used which permission.</source>
        <translation>最近 7 天内哪项功能使用了哪项权限。</translation>
    </message>
    <message>
        <source>Preview cache</source>
        <translation>预览缓存</translation>
    </message>
    <message>
        <source>Small previews that make reopening faster.</source>
        <translation>用于加快再次打开速度的小预览图。</translation>
    </message>
    <message>
        <source>Application log</source>
        <translation>应用日志</translation>
    </message>
    <message>
        <source>Diagnostic messages without addresses, user name or photo paths; prints only while print history is on.</source>
        <translation>诊断信息，不含地址、用户名或照片路径；仅在打印历史开启时记录打印。</translation>
    </message>
    <message>
        <source>Rule for {0}</source>
        <translation>{0} 的保留规则</translation>
    </message>
    <message>
        <source>How long to keep {0}</source>
        <translation>{0}的保留期限</translation>
    </message>
    <message>
        <source>Restrict processing</source>
        <translation>限制处理</translation>
    </message>
    <message>
        <source>Pause the recent files list (keep it, add nothing new)</source>
        <translation>暂停最近文件列表（保留现有内容，不再添加）</translation>
    </message>
    <message>
        <source>Pause print history (keep it, add nothing new)</source>
        <translation>暂停打印历史（保留现有内容，不再添加）</translation>
    </message>
    <message>
        <source>Where you are, for the legal texts (never detected):</source>
        <translation>您所在的地区，用于适用的法律文本（从不自动检测）：</translation>
    </message>
    <message>
        <source>Jurisdiction</source>
        <translation>司法管辖区</translation>
    </message>
    <message>
        <source>Mainland China (PIPL)</source>
        <translation>中国大陆（《个人信息保护法》）</translation>
    </message>
    <message>
        <source>EU / EEA / UK (GDPR)</source>
        <translation>欧盟 / 欧洲经济区 / 英国（GDPR）</translation>
    </message>
    <message>
        <source>Elsewhere</source>
        <translation>其他地区</translation>
    </message>
    <message>
        <source>Not specified</source>
        <translation>未指定</translation>
    </message>
    <message>
        <source>Without a system keyring, keep history, the known printer and crash logs in unencrypted files (readable only by your user account) instead of in memory only</source>
        <translation>没有系统密钥环时，将历史记录、已知打印机和崩溃日志保存在未加密的文件中（仅您的用户帐户可读），而不是只保存在内存中</translation>
    </message>
    <message>
        <source>Exported: {0}</source>
        <translation>已导出：{0}</translation>
    </message>
    <message>
        <source>Store data unencrypted when there is no keyring</source>
        <translation>没有密钥环时以未加密方式存储数据</translation>
    </message>
    <message>
        <source>A keyring is available: your data is encrypted, so this has no effect.</source>
        <translation>系统密钥环可用：您的数据已加密，因此此选项不起作用。</translation>
    </message>
    <message>
        <source>About storing data unencrypted</source>
        <translation>关于以未加密方式存储数据</translation>
    </message>
    <message>
        <source>until you delete it</source>
        <translation>直到您删除</translation>
    </message>
    <message>
        <source>off (not kept)</source>
        <translation>关闭（不保存）</translation>
    </message>
    <message>
        <source>1 day</source>
        <translation>1 天</translation>
    </message>
    <message>
        <source>{0} days</source>
        <translation>{0} 天</translation>
    </message>
    <message>
        <source>Data on this device</source>
        <translation>本设备上的数据</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>数据</translation>
    </message>
    <message>
        <source>Items</source>
        <translation>条目</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>Kept</source>
        <translation>保存方式</translation>
    </message>
    <message>
        <source>unreadable</source>
        <translation>无法读取</translation>
    </message>
    <message>
        <source>{0} KB</source>
        <translation>{0} KB</translation>
    </message>
    <message>
        <source>View…</source>
        <translation>查看…</translation>
    </message>
    <message>
        <source>View: {0}</source>
        <translation>查看：{0}</translation>
    </message>
    <message>
        <source>Erase…</source>
        <translation>清除…</translation>
    </message>
    <message>
        <source>Erase: {0}</source>
        <translation>清除：{0}</translation>
    </message>
    <message>
        <source>Erase {0}</source>
        <translation>清除{0}</translation>
    </message>
    <message>
        <source>Delete {0} from this computer now?</source>
        <translation>现在从本电脑删除{0}吗？</translation>
    </message>
    <message>
        <source>Keep</source>
        <translation>保留</translation>
    </message>
    <message>
        <source>Export my data to…</source>
        <translation>将我的数据导出到…</translation>
    </message>
    <message>
        <source>Export finished</source>
        <translation>导出完成</translation>
    </message>
    <message>
        <source>Saved:
{0}</source>
        <translation>已保存：
{0}</translation>
    </message>
    <message>
        <source>Erase</source>
        <translation>清除</translation>
    </message>
    <message>
        <source>The Phocol privacy policy covers the phone apps too. This is what this desktop build actually does.</source>
        <translation>Phocol 隐私政策也涵盖手机应用。以下是本桌面版本的实际情况。</translation>
    </message>
    <message>
        <source>About this build</source>
        <translation>关于本版本</translation>
    </message>
    <message>
        <source>Used in this build</source>
        <translation>本版本使用</translation>
    </message>
    <message>
        <source>Purpose</source>
        <translation>用途</translation>
    </message>
    <message>
        <source>What happens</source>
        <translation>实际处理方式</translation>
    </message>
    <message>
        <source>Not in this build</source>
        <translation>本版本不包含</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>SDKs the Phocol privacy policy lists (phone apps)</source>
        <translation>Phocol 隐私政策列出的 SDK（手机应用）</translation>
    </message>
    <message>
        <source>None of them is part of this desktop build, and the app opens no network connection at all. Links are shown as the policy gives them and never opened; where a link is not that vendor&apos;s privacy policy, it says so.</source>
        <translation>这些 SDK 均不包含在本桌面版本中，且本应用不建立任何网络连接。链接按隐私政策原样显示，从不打开；如果某个链接不是该厂商的隐私政策，会注明。</translation>
    </message>
    <message>
        <source>Components in this build</source>
        <translation>本版本包含的组件</translation>
    </message>
    <message>
        <source>Component</source>
        <translation>组件</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>版本</translation>
    </message>
    <message>
        <source>Third-party SDKs</source>
        <translation>第三方 SDK</translation>
    </message>
    <message>
        <source>SDKs named in the policy</source>
        <translation>隐私政策中列出的 SDK</translation>
    </message>
    <message>
        <source>SDK</source>
        <translation>SDK</translation>
    </message>
    <message>
        <source>Provider</source>
        <translation>提供方</translation>
    </message>
    <message>
        <source>Link given by the policy</source>
        <translation>隐私政策给出的链接</translation>
    </message>
    <message>
        <source>Not included in this build</source>
        <translation>本版本不包含</translation>
    </message>
    <message>
        <source>(link provided by the policy; not a privacy policy of that vendor)</source>
        <translation>（隐私政策提供的链接；并非该厂商的隐私政策）</translation>
    </message>
    <message>
        <source>Components in this build ({0}), from the installed packages</source>
        <translation>本版本包含的组件（{0} 个），来自已安装的软件包</translation>
    </message>
    <message>
        <source>Save the SBOM (CycloneDX)…</source>
        <translation>保存软件物料清单（CycloneDX）…</translation>
    </message>
    <message>
        <source>Save the SBOM</source>
        <translation>保存软件物料清单</translation>
    </message>
    <message>
        <source>Licence</source>
        <translation>许可证</translation>
    </message>
    <message>
        <source>Needed by</source>
        <translation>依赖方</translation>
    </message>
    <message>
        <source>Collects data</source>
        <translation>收集数据</translation>
    </message>
    <message>
        <source>Phocol Desktop</source>
        <translation>Phocol Desktop</translation>
    </message>
    <message>
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <source>local files only</source>
        <translation>仅本地文件</translation>
    </message>
    <message>
        <source>CycloneDX JSON (*.cdx.json *.json)</source>
        <translation>CycloneDX JSON (*.cdx.json *.json)</translation>
    </message>
    <message>
        <source>SBOM saved</source>
        <translation>软件物料清单已保存</translation>
    </message>
    <message>
        <source>Version {0} · SHA-256 {1}</source>
        <translation>版本 {0} · SHA-256 {1}</translation>
    </message>
    <message>
        <source>Policy version</source>
        <translation>政策版本</translation>
    </message>
    <message>
        <source>Policy language note</source>
        <translation>政策语言说明</translation>
    </message>
    <message>
        <source>Privacy policy text</source>
        <translation>隐私政策文本</translation>
    </message>
    <message>
        <source>E-mail: {0} (subject: {1})</source>
        <translation>电子邮件：{0}（主题：{1}）</translation>
    </message>
    <message>
        <source>Phocol commits to respond within {0} days. You do not need an account: say which right you use (access, correction, deletion, withdrawal, explanation).</source>
        <translation>Phocol 承诺在 {0} 天内答复。您无需账户：只需说明您要行使的权利（访问、更正、删除、撤回、解释说明）。</translation>
    </message>
    <message>
        <source>How to contact Phocol</source>
        <translation>如何联系 Phocol</translation>
    </message>
    <message>
        <source>Which right</source>
        <translation>哪项权利</translation>
    </message>
    <message>
        <source>See my data (access)</source>
        <translation>查看我的数据（访问）</translation>
    </message>
    <message>
        <source>A copy of my data</source>
        <translation>获取我的数据副本</translation>
    </message>
    <message>
        <source>Correct my data</source>
        <translation>更正我的数据</translation>
    </message>
    <message>
        <source>Delete my data</source>
        <translation>删除我的数据</translation>
    </message>
    <message>
        <source>Object to processing</source>
        <translation>反对处理</translation>
    </message>
    <message>
        <source>Data portability</source>
        <translation>数据可携带</translation>
    </message>
    <message>
        <source>Withdraw consent</source>
        <translation>撤回同意</translation>
    </message>
    <message>
        <source>A complaint</source>
        <translation>投诉</translation>
    </message>
    <message>
        <source>Stop messages</source>
        <translation>停止接收消息</translation>
    </message>
    <message>
        <source>A child&apos;s data</source>
        <translation>儿童的数据</translation>
    </message>
    <message>
        <source>Something else</source>
        <translation>其他事项</translation>
    </message>
    <message>
        <source>Write to Phocol…</source>
        <translation>写信给 Phocol…</translation>
    </message>
    <message>
        <source>Write to Phocol</source>
        <translation>写信给 Phocol</translation>
    </message>
    <message>
        <source>Opens your own e-mail app with the request filled in; nothing is attached</source>
        <translation>打开您自己的邮件应用并填好请求内容；不附带任何文件</translation>
    </message>
    <message>
        <source>Copy e-mail address</source>
        <translation>复制电子邮件地址</translation>
    </message>
    <message>
        <source>You may also complain to your data protection supervisory authority (EU/EEA/UK) or to the Cyberspace Administration of China or the relevant sector regulator (PRC). You do not have to contact Phocol first.</source>
        <translation>您也可以向您所在地的数据保护监管机构（欧盟/欧洲经济区/英国）或国家互联网信息办公室及相关行业主管部门（中国）投诉。您不必先联系 Phocol。</translation>
    </message>
    <message>
        <source>Complaints</source>
        <translation>投诉</translation>
    </message>
    <message>
        <source>Children: the policy says its services are not intended for children under 4, and Phocol does not knowingly collect their personal information. In mainland China a child under 14 needs a parent&apos;s or guardian&apos;s consent before their personal information is processed (PIPL Art 31). This desktop app keeps nothing on anyone&apos;s age; a parent can ask Phocol about a child&apos;s data with &quot;A child&apos;s data&quot; above.</source>
        <translation>儿童：隐私政策说明其服务不面向 4 岁以下儿童，Phocol 也不会在知情的情况下收集他们的个人信息。在中国大陆，处理不满 14 周岁未成年人的个人信息前，须取得其父母或其他监护人的同意（《个人信息保护法》第三十一条）。本桌面应用不保存任何人的年龄信息；家长可以通过上方的“儿童的数据”选项就孩子的数据联系 Phocol。</translation>
    </message>
    <message>
        <source>Children</source>
        <translation>儿童</translation>
    </message>
    <message>
        <source>Incident notices: this build has no push channel and no network access, so a security incident notice from Phocol would reach you by e-mail or on phocolprinter.com, not in the app. If the consent record on this computer fails its check, a banner in this dashboard says so.</source>
        <translation>安全事件通知：本版本没有推送渠道，也没有网络访问，因此 Phocol 的安全事件通知会通过电子邮件或 phocolprinter.com 送达您，而不会出现在应用中。如果这台电脑上的同意记录未通过校验，本隐私中心会显示横幅提示。</translation>
    </message>
    <message>
        <source>Incident notices</source>
        <translation>安全事件通知</translation>
    </message>
</context>
<context>
    <name>ResultPage</name>
    <message>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Checking</source>
        <translation>正在检查</translation>
    </message>
    <message>
        <source>Not even the slowest block printed completely, so no speed can be measured and the standard settings stay. Check the paper and the battery and calibrate again; if it happens again, create a support bundle (Help menu).</source>
        <translation>连最慢的块都没有打印完整，因此无法测出速度，将继续使用标准设置。请检查纸张和电量后重新校准；如果再次出现，请创建支持包（“帮助”菜单）。</translation>
    </message>
    <message>
        <source>Printing a check block at block {0}&apos;s speed, less a 15 % margin…</source>
        <translation>正在以第 {0} 块的速度减去 15% 余量打印检查块…</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>正在保存…</translation>
    </message>
    <message>
        <source>Measured. This printer is now fed at {0:.0f} lines per second ({1:.0f} mm/s): {2:.0f} % below block {3}, the fastest that printed completely. Buffer estimate {4} bytes, {5}-byte writes. The check block printed without losing data.</source>
        <translation>已测定。现在以每秒 {0:.0f} 行（{1:.0f} 毫米/秒）向这台打印机发送数据：比打印完整的最快一块（第 {3} 块）低 {2:.0f}%。缓冲区估计为 {4} 字节，每次写入 {5} 字节。检查块打印时没有丢失数据。</translation>
    </message>
    <message>
        <source>Every block printed: the printer may be faster still.</source>
        <translation>所有块都打印完整：这台打印机可能还能更快。</translation>
    </message>
    <message>
        <source>Added “{0}”: {1} dots wide, {2} family. Printer models lists it as added by you. Connect to the printer again to print with it, then calibrate its speed.</source>
        <translation>已添加“{0}”：宽 {1} 点，{2} 系列。打印机型号列表会将它标为由您添加。请重新连接打印机后再打印，然后校准它的速度。</translation>
    </message>
    <message>
        <source>Darkness {0} is now this printer&apos;s default.</source>
        <translation>浓度 {0} 现已成为这台打印机的默认值。</translation>
    </message>
</context>
<context>
    <name>SupportBundle</name>
    <message>
        <source>app, Python, Qt, bleak and OS versions</source>
        <translation>本应用、Python、Qt、bleak 和操作系统的版本</translation>
    </message>
    <message>
        <source>the known printer&apos;s model and firmware (address pseudonymised)</source>
        <translation>已知打印机的型号和固件（地址已化名）</translation>
    </message>
    <message>
        <source>app settings</source>
        <translation>应用设置</translation>
    </message>
    <message>
        <source>the last {0} lines of the app log, redacted</source>
        <translation>应用日志的最后 {0} 行，已去除标识信息</translation>
    </message>
    <message>
        <source>protocol trace {0} ({1} events, Phocol JSON)</source>
        <translation>协议记录 {0}（{1} 个事件，Phocol JSON）</translation>
    </message>
    <message>
        <source>protocol trace {0} ({1} events, Phocol JSON) - includes the printed picture as printer dots</source>
        <translation>协议记录 {0}（{1} 个事件，Phocol JSON）— 含以打印点形式保存的已打印图片</translation>
    </message>
    <message>
        <source>protocol trace {0} for Wireshark (btsnoop)</source>
        <translation>供 Wireshark 使用的协议记录 {0}（btsnoop）</translation>
    </message>
    <message>
        <source>protocol trace {0} for Wireshark (btsnoop) - includes the printed picture as printer dots</source>
        <translation>供 Wireshark 使用的协议记录 {0}（btsnoop）— 含以打印点形式保存的已打印图片</translation>
    </message>
    <message>
        <source>a crash log you chose to include</source>
        <translation>您选择附上的崩溃日志</translation>
    </message>
    <message>
        <source>the list of files with their SHA-256</source>
        <translation>文件清单及各文件的 SHA-256</translation>
    </message>
</context>
</TS>
