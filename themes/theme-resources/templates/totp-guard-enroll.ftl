<#import "template.ftl" as layout>
<@layout.registrationLayout displayRequiredFields=false displayMessage=!messagesPerField.existsError('otp','userLabel'); section>
<!-- template: totp-guard-enroll.ftl -->
    <#if section = "header">
        ${msg("totpGuardEnrollTitle")}
    <#elseif section = "form">
        <ol id="totp-guard-steps" class="pf-v5-c-list pf-v5-u-mb-md">
            <li><p>${msg("totpGuardEnrollStep1")}</p></li>
            <li>
                <p>${msg("totpGuardEnrollStep2")}</p>
                <img id="totp-guard-qr" src="${totpGuard.qrDataUri}" width="256" height="256"
                     alt="${msg("totpGuardQrAlt", totpGuard.issuer, totpGuard.account)}"/>
                <p>${msg("totpGuardEnrollManual")}</p>
                <p>
                    <code id="totp-guard-key" aria-label="${msg("totpGuardKeyAria")}: ${totpGuard.keyGroups?join(", ")}"><#list totpGuard.keyGroups as group><span class="totp-guard-key-group">${group}</span><#sep> </#sep></#list></code>
                </p>
                <p id="totp-guard-parameters">${msg("totpGuardEnrollParameters", totpGuard.algorithm, totpGuard.digits, totpGuard.period)}</p>
            </li>
            <li><p>${msg("totpGuardEnrollStep3")}</p></li>
        </ol>

        <form id="kc-totp-guard-enroll-form" class="${properties.kcFormClass!}" action="${url.loginAction}" method="post" novalidate="novalidate">
            <div class="${properties.kcFormGroupClass!}">
                <div class="${properties.kcFormGroupLabelClass!}">
                    <label for="otp" class="${properties.kcFormLabelClass!} ${properties.kcLabelClass!}">
                        <span class="${properties.kcFormLabelTextClass!}">${msg("totpGuardCodeLabel")}</span>
                        <span class="${properties.kcInputRequiredClass!}" aria-hidden="true">&#42;</span>
                    </label>
                </div>
                <span class="${properties.kcInputClass!} <#if messagesPerField.existsError('otp')>${properties.kcError!}</#if>">
                    <input id="otp" name="otp" type="text" autocomplete="one-time-code" inputmode="numeric" required
                           pattern="[0-9]*" maxlength="${totpGuard.digits}"
                           aria-invalid="<#if messagesPerField.existsError('otp')>true<#else>false</#if>"
                           <#if messagesPerField.existsError('otp')>aria-describedby="input-error-otp"</#if>/>
                </span>
                <#if messagesPerField.existsError('otp')>
                    <div class="${properties.kcFormHelperTextClass!}" aria-live="polite" role="alert">
                        <span id="input-error-otp" class="${properties.kcInputErrorMessageClass!}">${kcSanitize(messagesPerField.get('otp'))?no_esc}</span>
                    </div>
                </#if>
            </div>

            <div class="${properties.kcFormGroupClass!}">
                <div class="${properties.kcFormGroupLabelClass!}">
                    <label for="userLabel" class="${properties.kcFormLabelClass!} ${properties.kcLabelClass!}">
                        <span class="${properties.kcFormLabelTextClass!}">${msg("totpGuardDeviceLabel")}</span>
                        <#if totpGuard.labelRequired><span class="${properties.kcInputRequiredClass!}" aria-hidden="true">&#42;</span></#if>
                    </label>
                </div>
                <span class="${properties.kcInputClass!} <#if messagesPerField.existsError('userLabel')>${properties.kcError!}</#if>">
                    <input id="userLabel" name="userLabel" type="text" autocomplete="off" maxlength="64"
                           <#if totpGuard.labelRequired>required</#if>
                           aria-invalid="<#if messagesPerField.existsError('userLabel')>true<#else>false</#if>"
                           <#if messagesPerField.existsError('userLabel')>aria-describedby="input-error-userLabel"</#if>/>
                </span>
                <#if messagesPerField.existsError('userLabel')>
                    <div class="${properties.kcFormHelperTextClass!}" aria-live="polite" role="alert">
                        <span id="input-error-userLabel" class="${properties.kcInputErrorMessageClass!}">${kcSanitize(messagesPerField.get('userLabel'))?no_esc}</span>
                    </div>
                </#if>
            </div>

            <div class="${properties.kcFormGroupClass!}">
                <div id="kc-form-buttons" class="${properties.kcFormActionGroupClass!}">
                    <button class="${properties.kcButtonClass!} ${properties.kcButtonPrimaryClass!} <#if !isAppInitiatedAction??>${properties.kcButtonBlockClass!}</#if> ${properties.kcButtonLargeClass!}"
                            id="saveTOTPBtn" name="save" type="submit">${msg("doSubmit")}</button>
                    <#if isAppInitiatedAction??>
                        <button class="${properties.kcButtonClass!} ${properties.kcButtonDefaultClass!} ${properties.kcButtonSecondaryClass!} ${properties.kcButtonLargeClass!}"
                                id="cancelTOTPBtn" name="cancel-aia" value="true" type="submit" formnovalidate>${msg("doCancel")}</button>
                    </#if>
                </div>
            </div>
        </form>
    </#if>
</@layout.registrationLayout>
