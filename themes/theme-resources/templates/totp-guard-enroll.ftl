<#import "template.ftl" as layout>
<#-- Enrollment of a TOTP device. Written against the keycloak.v2 login theme's markup (PatternFly 5 classes through
     theme.properties), self-contained so that it also renders with other login themes. -->
<#assign codeError = messagesPerField.existsError('otp')>
<#assign labelError = messagesPerField.existsError('userLabel')>
<@layout.registrationLayout displayRequiredFields=false displayMessage=!(codeError || labelError); section>
<!-- template: totp-guard-enroll.ftl -->
    <#if section = "header">
        ${msg("totpGuardEnrollTitle")}
    <#elseif section = "form">
      <#if totpGuardRecovery?? && totpGuardRecovery.afterRecoveryCode>
        <#-- after a sign-in with a recovery code: how many are left, and the devices, to remove the lost one -->
        <div id="totp-guard-recovery" class="pf-v5-u-mb-md">
            <p id="totp-guard-recovery-used">${msg("totpGuardRecoveryUsed", totpGuardRecovery.codesLeft)}</p>
            <#if totpGuardRecovery.fewCodesLeft>
                <div id="totp-guard-recovery-few" class="${properties.kcAlertClass!} pf-m-warning" role="alert">
                    <p class="${properties.kcAlertTitleClass!}">${msg("totpGuardRecoveryFew", totpGuardRecovery.codesLeft)}</p>
                </div>
            </#if>
            <#if totpGuardRecovery.devices?has_content>
                <p id="totp-guard-recovery-devices-help">${msg("totpGuardRecoveryDevices")}</p>
                <ul id="totp-guard-recovery-devices" class="${properties.kcListClass!}">
                    <#list totpGuardRecovery.devices as device>
                        <li>
                            <form id="totp-guard-remove-form-${device?index}" class="totp-guard-remove-device" action="${url.loginAction}" method="post" novalidate="novalidate">
                                <span class="totp-guard-device-label">${device.label!msg("totpGuardUnnamedDevice")}</span>
                                <input type="hidden" name="removeDevice" value="${device.id}"/>
                                <button class="${properties.kcButtonClass!} ${properties.kcButtonSecondaryClass!}" type="submit"
                                        id="totp-guard-remove-${device?index}">${msg("totpGuardRemoveDevice")}</button>
                            </form>
                        </li>
                    </#list>
                </ul>
            </#if>
        </div>
      </#if>
      <#if totpGuardRecovery?? && totpGuardRecovery.atDeviceLimit>
        <p id="totp-guard-remove-first">${msg("totpGuardRemoveFirst", totpGuardRecovery.devices?size)}</p>
      <#elseif totpGuardLimit??>
        <#-- the user already has the maximum number of devices: the alert above says so; only a way back -->
        <p id="totp-guard-limit-help">${msg("totpGuardDeviceLimitHelp")}</p>
        <form id="kc-totp-guard-enroll-limit-form" class="${properties.kcFormClass!}" action="${url.loginAction}" method="post" novalidate="novalidate">
            <div class="${properties.kcFormGroupClass!}">
                <div class="${properties.kcFormActionGroupClass!}">
                    <button class="${properties.kcButtonClass!} ${properties.kcButtonPrimaryClass!} ${properties.kcButtonBlockClass!}"
                            id="cancelTOTPBtn" name="cancel-aia" value="true" type="submit">${msg("totpGuardBackToApplication")}</button>
                </div>
            </div>
        </form>
      <#else>
        <ol id="totp-guard-steps" class="${properties.kcListClass!} pf-v5-u-mb-md">
            <li><p>${msg("totpGuardEnrollStep1")}</p></li>
            <li>
                <p>${msg("totpGuardEnrollStep2")}</p>
                <p class="pf-v5-u-my-sm">
                    <img id="totp-guard-qr" src="${totpGuard.qrDataUri}" width="256" height="256"
                         alt="${msg("totpGuardQrAlt", totpGuard.issuer, totpGuard.account)}"/>
                </p>
                <p id="totp-guard-key-label">${msg("totpGuardEnrollManual")}</p>
                <p class="pf-v5-u-my-sm">
                    <#-- shown in groups of four; screen readers get it spelled out, group by group -->
                    <code id="totp-guard-key" class="totp-guard-key" aria-hidden="true"><#list totpGuard.keyGroups as group><span class="totp-guard-key-group">${group}</span><#sep> </#sep></#list></code>
                    <span class="pf-v5-screen-reader" id="totp-guard-key-spoken">${msg("totpGuardKeyAria")}: ${totpGuard.spokenKey}</span>
                </p>
                <p id="totp-guard-parameters" class="pf-v5-u-font-size-sm pf-v5-u-color-200">${msg("totpGuardEnrollParameters", totpGuard.algorithm, totpGuard.digits, totpGuard.period)}</p>
            </li>
            <li><p>${msg("totpGuardEnrollStep3")}</p></li>
        </ol>

        <form id="kc-totp-guard-enroll-form" class="${properties.kcFormClass!}" action="${url.loginAction}" method="post" novalidate="novalidate">
            <div class="${properties.kcFormGroupClass!}">
                <div class="${properties.kcFormGroupLabelClass!}">
                    <label for="otp" class="${properties.kcFormLabelClass!}">
                        <span class="${properties.kcFormLabelTextClass!}">${msg("totpGuardCodeLabel")}</span>&nbsp;<span class="${properties.kcInputRequiredClass!}" aria-hidden="true">&#42;</span>
                    </label>
                </div>
                <span class="${properties.kcInputClass!}<#if codeError> ${properties.kcError!}</#if>">
                    <input id="otp" name="otp" type="text" autocomplete="one-time-code" inputmode="numeric" required
                           pattern="[0-9]*" maxlength="${totpGuard.digits}" <#if codeError || !labelError>autofocus</#if>
                           aria-invalid="${codeError?c}"
                           aria-describedby="totp-guard-code-hint<#if codeError> input-error-otp</#if>"/>
                    <#if codeError>
                        <span class="${properties.kcFormControlUtilClass!}"><span class="${properties.kcInputErrorIconStatusClass!}"><i class="${properties.kcInputErrorIconClass!}" aria-hidden="true"></i></span></span>
                    </#if>
                </span>
                <div class="${properties.kcFormHelperTextClass!}" aria-live="polite">
                    <div class="${properties.kcInputHelperTextClass!}">
                        <div class="${properties.kcInputHelperTextItemClass!}">
                            <span id="totp-guard-code-hint" class="${properties.kcInputHelperTextItemTextClass!}">${msg("totpGuardCodeHint", totpGuard.digits)}</span>
                        </div>
                    </div>
                    <#if codeError>
                        <div class="${properties.kcInputHelperTextClass!}" role="alert">
                            <div class="${properties.kcInputHelperTextItemClass!} ${properties.kcError!}">
                                <span id="input-error-otp" class="${properties.kcInputErrorMessageClass!}">${kcSanitize(messagesPerField.get('otp'))?no_esc}</span>
                            </div>
                        </div>
                    </#if>
                </div>
            </div>

            <div class="${properties.kcFormGroupClass!}">
                <div class="${properties.kcFormGroupLabelClass!}">
                    <label for="userLabel" class="${properties.kcFormLabelClass!}">
                        <span class="${properties.kcFormLabelTextClass!}">${msg("totpGuardDeviceLabel")}</span><#if totpGuard.labelRequired>&nbsp;<span class="${properties.kcInputRequiredClass!}" aria-hidden="true">&#42;</span></#if>
                    </label>
                </div>
                <span class="${properties.kcInputClass!}<#if labelError> ${properties.kcError!}</#if>">
                    <input id="userLabel" name="userLabel" type="text" autocomplete="off" maxlength="64" value="${totpGuard.label}"
                           <#if totpGuard.labelRequired>required</#if> <#if labelError && !codeError>autofocus</#if>
                           aria-invalid="${labelError?c}"
                           aria-describedby="totp-guard-label-hint<#if labelError> input-error-userLabel</#if>"/>
                    <#if labelError>
                        <span class="${properties.kcFormControlUtilClass!}"><span class="${properties.kcInputErrorIconStatusClass!}"><i class="${properties.kcInputErrorIconClass!}" aria-hidden="true"></i></span></span>
                    </#if>
                </span>
                <div class="${properties.kcFormHelperTextClass!}" aria-live="polite">
                    <div class="${properties.kcInputHelperTextClass!}">
                        <div class="${properties.kcInputHelperTextItemClass!}">
                            <span id="totp-guard-label-hint" class="${properties.kcInputHelperTextItemTextClass!}">${msg(totpGuard.labelRequired?then("totpGuardDeviceLabelHintRequired", "totpGuardDeviceLabelHint"))}</span>
                        </div>
                    </div>
                    <#if labelError>
                        <div class="${properties.kcInputHelperTextClass!}" role="alert">
                            <div class="${properties.kcInputHelperTextItemClass!} ${properties.kcError!}">
                                <span id="input-error-userLabel" class="${properties.kcInputErrorMessageClass!}">${kcSanitize(messagesPerField.get('userLabel'))?no_esc}</span>
                            </div>
                        </div>
                    </#if>
                </div>
            </div>

            <#if totpGuardRecovery?? && totpGuardRecovery.offerCodes>
                <div class="${properties.kcFormGroupClass!}">
                    <div class="pf-v5-c-check">
                        <input class="pf-v5-c-check__input" type="checkbox" id="recoveryCodes" name="recoveryCodes" value="on" checked
                               aria-describedby="totp-guard-recovery-codes-help"/>
                        <label class="pf-v5-c-check__label" for="recoveryCodes">${msg("totpGuardOfferRecoveryCodes")}</label>
                        <span class="pf-v5-c-check__description" id="totp-guard-recovery-codes-help">${msg("totpGuardOfferRecoveryCodesHelp")}</span>
                    </div>
                </div>
            <#elseif totpGuardRecovery?? && totpGuardRecovery.requireCodes>
                <p id="totp-guard-recovery-codes-next">${msg("totpGuardRecoveryCodesNext")}</p>
            </#if>
            <div class="${properties.kcFormGroupClass!}">
                <div id="kc-form-buttons" class="${properties.kcFormActionGroupClass!}">
                    <button class="${properties.kcButtonClass!} ${properties.kcButtonPrimaryClass!} <#if !isAppInitiatedAction??>${properties.kcButtonBlockClass!}</#if>"
                            id="saveTOTPBtn" name="save" type="submit">${msg("doSubmit")}</button>
                    <#if isAppInitiatedAction??>
                        <button class="${properties.kcButtonClass!} ${properties.kcButtonSecondaryClass!}"
                                id="cancelTOTPBtn" name="cancel-aia" value="true" type="submit" formnovalidate>${msg("doCancel")}</button>
                    </#if>
                    <#if totpGuardPostpone??>
                        <button class="${properties.kcButtonClass!} ${properties.kcButtonSecondaryClass!} ${properties.kcButtonBlockClass!}"
                                id="totp-guard-postpone" name="postpone" value="true" type="submit" formnovalidate
                                aria-describedby="totp-guard-postpone-help">${msg("totpGuardPostpone")}</button>
                        <p id="totp-guard-postpone-help" class="pf-v5-u-font-size-sm pf-v5-u-mt-sm"><#if (totpGuardPostpone.left >= 0)>${msg("totpGuardPostponeLeft", totpGuardPostpone.left)}<#else>${msg("totpGuardPostponeUntil", totpGuardPostpone.until)}</#if></p>
                    </#if>
                </div>
            </div>
        </form>
      </#if>
    </#if>
</@layout.registrationLayout>
